package io.wsboot.apicheck;

import io.wsboot.Conn;
import io.wsboot.spring.WsHandler;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each library module's public API against its committed file ({@code <module>/api/<module>.api}),
 * so that every change to a public signature or a {@code ws.*} property shows up as a diff in
 * review. The starter has no classes, so no file. To accept a change: run with
 * {@code -Dapi.update=true} (or copy the file the failure names) and commit the file with it.
 */
class PublicApiTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void engine() throws Exception {
        check("ws-engine", PublicApi.of(Conn.class));
    }

    @Test
    void springBootAutoconfigure() throws Exception {
        check("ws-spring-boot-autoconfigure", PublicApi.of(WsHandler.class)
                + "\nconfiguration properties (name, type, default)\n" + PublicApi.properties(WsHandler.class));
    }

    private static void check(String module, String api) throws Exception {
        String actual = "# The public API of " + module + ": every public and protected signature, one per line, sorted.\n"
                + "# Checked by api-check's PublicApiTest: a change to the API must change this file too.\n" + api;
        Path committed = ROOT.resolve(module).resolve("api").resolve(module + ".api");
        if (Boolean.getBoolean("api.update")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, actual);
            return;
        }
        String expected = Files.exists(committed) ? Files.readString(committed) : "";
        if (expected.equals(actual)) {
            return;
        }
        Path written = ROOT.resolve("api-check/target/api").resolve(module + ".api");
        Files.createDirectories(written.getParent());
        Files.writeString(written, actual);
        fail("The public API of " + module + " differs from " + ROOT.relativize(committed) + ":\n" + diff(expected, actual)
                + "\nIf the change is intended, accept it and commit the file with the change:\n"
                + "  cp " + ROOT.relativize(written) + " " + ROOT.relativize(committed) + "\n"
                + "(or rerun with -Dapi.update=true). A removed or changed line breaks users: see README, Versioning and compatibility.");
    }

    /** Lines removed (-) and added (+), grouped under the type they belong to. */
    static String diff(String expected, String actual) {
        Set<String> before = new LinkedHashSet<>(expected.lines().toList());
        Set<String> after = new LinkedHashSet<>(actual.lines().toList());
        Map<String, List<String>> byType = new LinkedHashMap<>();
        changes(byType, expected, after, "- ");
        changes(byType, actual, before, "+ ");
        StringBuilder out = new StringBuilder();
        byType.forEach((type, lines) -> {
            boolean kept = before.contains(type) && after.contains(type);
            if (kept) {
                out.append("  in ").append(type).append(":\n");
            }
            lines.forEach(l -> out.append(l).append('\n'));
        });
        return out.toString();
    }

    private static void changes(Map<String, List<String>> byType, String text, Set<String> other, String sign) {
        String type = "";
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith(" ")) {
                type = line;
            }
            if (!other.contains(line)) {
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(sign + line);
            }
        }
    }
}
