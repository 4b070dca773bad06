package io.wsboot.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external peer (python3, node) for interop tests, bounded in time. */
public final class Processes {
    private Processes() {
    }

    /** Debian's python3 (where python3-websockets lives), else the first python3 on the PATH. */
    public static String python() {
        return new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
    }

    /** Fails with the install hint unless {@code python -c "import websockets"} works. */
    public static void requirePythonWebsockets() throws Exception {
        Result r = run(List.of(python(), "-c", "import websockets; print(websockets.__version__)"), 30);
        if (r.exit() != 0) {
            throw new AssertionError("python3-websockets is missing: apt-get install python3-websockets (.ci/run does)\n" + r.output());
        }
    }

    public record Result(int exit, String output) {
    }

    /** Runs {@code cmd}, merging stderr into stdout; kills it after {@code seconds}. */
    public static Result run(List<String> cmd, int seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("peer", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, Files.readString(out, StandardCharsets.UTF_8) + "\n(killed after " + seconds + " s)");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Copies a classpath resource to a temporary file (scripts run by external peers). */
    public static Path resource(String name) throws IOException {
        try (var in = Processes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name);
            }
            Path p = Files.createTempFile("peer", name.substring(name.lastIndexOf('/') + 1));
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            p.toFile().deleteOnExit();
            return p;
        }
    }
}
