package io.wsboot.support;

import io.wsboot.server.WsServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * An echo server in a JVM of its own, for attacks that must not take the test JVM down: prints
 * "PORT n" when listening; on "stats" prints a line of what it holds; stops when stdin closes.
 * Run with a small -Xmx and -XX:+ExitOnOutOfMemoryError, so that running out of memory shows
 * as the process ending.
 */
public final class AttackTarget {
    private AttackTarget() {
    }

    public static void main(String[] args) throws Exception {
        int maxSize = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        WsServer server = WsServer.builder().port(0).address("127.0.0.1").maxSize(maxSize).maxHandshakesPerAddress(1024)
                .handler("/echo", (conn, m) -> conn.writeFrame(m.type(), m.data())).start();
        System.out.println("PORT " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("stats")) {
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.println("STATS heap=" + heap + " buffered=" + server.bufferedBytes() + " limit=" + server.bufferedBytesLimit()
                        + " connections=" + server.connectionCount() + " max=" + Runtime.getRuntime().maxMemory());
                System.out.flush();
            }
        }
        server.stop();
    }
}
