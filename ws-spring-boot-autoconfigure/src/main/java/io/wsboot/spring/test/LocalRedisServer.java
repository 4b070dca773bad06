package io.wsboot.spring.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package) for tests of {@code ws.broker=redis}: started on
 * a free port of 127.0.0.1, with nothing saved to disk, and stopped by {@link #close()}. It can be
 * killed and restarted on the same port mid-test ({@link #kill()}, {@link #start()}) to see what
 * an application does while Redis is away.
 *
 * <pre>{@code
 * try (LocalRedisServer redis = LocalRedisServer.startNew()) {
 *     new SpringApplicationBuilder(App.class).run("--ws.broker=redis", "--spring.data.redis.port=" + redis.port());
 * }
 * }</pre>
 */
public final class LocalRedisServer implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);
    private final int port;
    private final Path dir;
    private Process process;

    private LocalRedisServer(int port) throws IOException {
        this.port = port;
        this.dir = Files.createTempDirectory("wsboot-redis");
    }

    /** Starts a redis-server on a free port; fails when the program is not installed. */
    public static LocalRedisServer startNew() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LocalRedisServer r = new LocalRedisServer(port);
        r.start();
        return r;
    }

    public int port() {
        return port;
    }

    /** Starts (again) on this server's port and waits until it answers PING. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        String exe = Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
        process = new ProcessBuilder(List.of(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "yes"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited at start: " + Files.readString(dir.resolve("redis.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server did not answer on port " + port + " within " + READY_WITHIN);
            }
            sleep(20);
        }
    }

    /** Kills it at once (SIGKILL), as a crash would: clients see their connections reset. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether it answers PING now. */
    public boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] b = new byte[7];
            int n = in.readNBytes(b, 0, 7);
            return n == 7 && new String(b, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        kill();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
