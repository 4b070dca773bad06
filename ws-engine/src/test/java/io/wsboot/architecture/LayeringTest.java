package io.wsboot.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's packages form layers, and a package uses only packages of lower layers (see
 * ARCHITECTURE.md). Read from the sources' imports and qualified names, so that a new upward
 * dependency fails here, with the file that made it, before it becomes a cycle. And no file
 * grows past 600 lines.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/io/wsboot");
    private static final Map<String, Integer> LAYER = Map.of(
            "frame", 0,
            "codec", 1, "handshake", 1,
            "", 2, // io.wsboot: the API handlers and applications see
            "deflate", 3,
            "transport", 4,
            "session", 5,
            "server", 6, "client", 6, "testing", 6);
    private static final Pattern USE = Pattern.compile("\\bio\\.wsboot\\.(?:([a-z]+)\\.)?[A-Z]");

    @Test
    void everyPackageUsesOnlyLowerLayers() throws IOException {
        List<String> upward = new ArrayList<>();
        for (Path file : sources()) {
            String pkg = SOURCES.relativize(file.getParent()).toString();
            Integer mine = LAYER.get(pkg);
            assertTrue(mine != null, "package io.wsboot." + pkg + " has no layer in " + LayeringTest.class.getSimpleName());
            Matcher m = USE.matcher(Files.readString(file));
            while (m.find()) {
                String used = m.group(1) == null ? "" : m.group(1);
                Integer theirs = LAYER.get(used);
                if (!used.equals(pkg) && (theirs == null || theirs >= mine)) {
                    upward.add(SOURCES.relativize(file) + " uses io.wsboot." + used + (used.isEmpty() ? "" : ".") + "*");
                }
            }
        }
        assertEquals(List.of(), upward.stream().distinct().toList());
    }

    /** Files still over the bound, each with what takes it under: the list only shrinks. */
    private static final Map<String, String> OVER_600_LINES = Map.of();

    @Test
    void noMainSourceFileIsOver600Lines() throws IOException {
        List<String> over = new ArrayList<>();
        for (Path file : sources()) {
            String name = SOURCES.relativize(file).toString();
            long lines = Files.readAllLines(file).size();
            if (lines > 600 && !OVER_600_LINES.containsKey(name)) {
                over.add(name + ": " + lines + " lines");
            }
            if (lines <= 600 && OVER_600_LINES.containsKey(name)) {
                over.add(name + " is " + lines + " lines now: take it off OVER_600_LINES");
            }
        }
        assertEquals(List.of(), over, "a file over 600 lines holds more than one concern: split it");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
