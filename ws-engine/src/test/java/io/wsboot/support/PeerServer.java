package io.wsboot.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An independent WebSocket server in another process (python3-websockets or node ws), for the
 * client's interop tests. Prints "PORT n" when ready; stops when its stdin closes.
 */
public final class PeerServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final StringBuilder output = new StringBuilder();

    private PeerServer(List<String> cmd, File dir) throws Exception {
        process = new ProcessBuilder(cmd).directory(dir).redirectErrorStream(true).start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("PORT ")) {
                        ready.complete(Integer.parseInt(line.substring(5).trim()));
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            ready.completeExceptionally(new IOException("peer exited before listening:\n" + output()));
        }, "peer-output");
        reader.setDaemon(true);
        reader.start();
        port = ready.get(30, TimeUnit.SECONDS);
    }

    /** python3-websockets (Debian's /usr/bin/python3). */
    public static PeerServer python(String... args) throws Exception {
        Processes.requirePythonWebsockets();
        List<String> cmd = new ArrayList<>(List.of(Processes.python(), "-u", Processes.resource("/peers/python_server.py").toString()));
        cmd.addAll(List.of(args));
        return new PeerServer(cmd, null);
    }

    /** A main class of these tests in a JVM of its own, with {@code jvmArgs} (a small heap, say). */
    public static PeerServer java(List<String> jvmArgs, Class<?> main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return new PeerServer(cmd, null);
    }

    /** Sends one line to the peer's stdin. */
    public void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** The first line starting with {@code prefix} printed after {@code skip} such lines, within {@code seconds}. */
    public String awaitLine(String prefix, int skip, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<String> found = output().lines().filter(l -> l.startsWith(prefix)).toList();
            if (found.size() > skip) {
                return found.get(skip);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line starting with " + prefix + " within " + seconds + " s:\n" + output());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** node's ws package, installed in src/test/node by npm (.ci/run runs npm ci there). */
    public static PeerServer node(String... args) throws Exception {
        File dir = Path.of("src/test/node").toAbsolutePath().toFile();
        if (!new File(dir, "node_modules/ws").isDirectory()) {
            throw new AssertionError("node's ws is missing: npm ci --prefix " + dir + " (.ci/run does)");
        }
        List<String> cmd = new ArrayList<>(List.of("node", "ws_server.js"));
        cmd.addAll(List.of(args));
        return new PeerServer(cmd, dir);
    }

    public int port() {
        return port;
    }

    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
