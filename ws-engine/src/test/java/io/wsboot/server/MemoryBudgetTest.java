package io.wsboot.server;

import io.wsboot.frame.OpCode;
import io.wsboot.support.AttackTarget;
import io.wsboot.support.Frames;
import io.wsboot.support.PeerServer;
import io.wsboot.support.RawClient;
import io.wsboot.support.Recorder;
import io.wsboot.support.Trips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory grows only with bytes received, and all connections together hold at most
 * max-buffered-bytes: past it the biggest holders are closed with 1013 and the server goes on
 * serving. In a JVM with a small heap, attacks that used to fill it end without an
 * OutOfMemoryError.
 */
class MemoryBudgetTest {
    private WsServer server;
    private final Recorder echo = new Recorder();
    private final Trips trips = new Trips();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    private int start(WsServer.Builder b) throws IOException {
        server = b.port(0).address("127.0.0.1").observer(trips).start();
        return server.port();
    }

    /** A 1 MiB frame announced, then {@code sent} bytes of it: a message that never completes. */
    private static byte[] unfinished(int sent) {
        byte[] f = Frames.raw(true, 0, OpCode.BINARY.code(), new byte[sent], true, 1 << 20);
        return f;
    }

    @Test
    void pastTheBudgetTheBiggestHoldersAreClosedWith1013() throws Exception {
        long budget = 8L << 20;
        int port = start(WsServer.builder().maxSize(1 << 20).maxBufferedBytes(budget).handler("/echo", echo));
        List<RawClient> attackers = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // 30 x 600 KiB in progress: twice the budget
            RawClient a = RawClient.openFrom("127.0.3." + (i + 1), port, "/echo");
            attackers.add(a);
            try {
                a.send(unfinished(600 * 1024));
            } catch (IOException e) {
                // closed while sending: the budget was spent
            }
        }
        Thread.sleep(500);
        assertTrue(server.bufferedBytes() <= budget, server.bufferedBytes() + " buffered, budget " + budget);
        int refused = 0;
        for (RawClient a : attackers) {
            a.setTimeout(200); // a refused one has its close frame (or its FIN) waiting already
            try {
                RawClient.Frame f = a.readFrame();
                if (f.opcode() == OpCode.CLOSE.code() && f.closeCode() == 1013) {
                    refused++;
                }
            } catch (SocketTimeoutException e) {
                // still in progress: it holds less than the others did
            } catch (IOException e) {
                refused++; // closed before the close frame could be read
            }
        }
        System.out.println("budget of " + budget + ": " + refused + " of 30 attackers refused with 1013");
        assertTrue(refused >= 15, refused + " of 30 refused");
        assertTrue(trips.contains("MEMORY_BUDGET"), trips.toString());
        // everyone else is served as before
        try (RawClient c = RawClient.open(port, "/echo")) {
            c.send(Frames.client(OpCode.TEXT, "still served"));
            assertEquals("still served", c.readFrame().text());
        }
        for (RawClient a : attackers) {
            a.abort();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.bufferedBytes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, server.bufferedBytes(), "every buffered byte given back");
    }

    private static long stat(String line, String name) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(line);
        assertTrue(m.find(), line);
        return Long.parseLong(m.group(1));
    }

    /**
     * The attacks of the hardening review, on a 96 MiB heap: headers announcing 1 MiB followed by
     * one byte (15 bytes sent per connection), then 150 messages of 1 MiB left unfinished and 50
     * clients that send to the echo and never read. The server must neither run out of memory
     * (the JVM exits on the first OutOfMemoryError) nor stop answering.
     */
    @Test
    void attacksThatFilledTheHeapEndWithoutOutOfMemory() throws Exception {
        try (PeerServer target = PeerServer.java(List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError"), AttackTarget.class)) {
            int port = target.port();
            target.send("stats");
            long baseline = stat(target.awaitLine("STATS", 0, 30), "heap");
            List<Socket> sockets = new ArrayList<>();
            try {
                // 1: 500 headers that announce 1 MiB, and one byte each
                for (int i = 0; i < 500; i++) {
                    sockets.add(attacker(port, i, unfinished(1)));
                }
                Thread.sleep(500);
                target.send("stats");
                String afterHeaders = target.awaitLine("STATS", 1, 30);
                long perConnection = (stat(afterHeaders, "heap") - baseline) / 500;
                System.out.println("attack 1 (1 MiB announced, 1 byte sent): " + perConnection + " bytes of heap per connection; " + afterHeaders);
                assertTrue(perConnection < 64 * 1024, perConnection + " bytes per connection");
                // 2: 150 messages of 1 MiB left unfinished, 50 clients that never read their echo
                for (int i = 0; i < 150; i++) {
                    sockets.add(attacker(port, 500 + i, unfinished((1 << 20) - 1)));
                }
                byte[] message = Frames.client(OpCode.BINARY, new byte[512 * 1024]);
                for (int i = 0; i < 50; i++) {
                    Socket s = attacker(port, 650 + i, new byte[0]);
                    sockets.add(s);
                    for (int j = 0; j < 8; j++) {
                        try {
                            s.getOutputStream().write(message);
                        } catch (IOException e) {
                            break; // closed: it held the most
                        }
                    }
                }
                Thread.sleep(1000);
                assertTrue(target.isAlive(), "the server ran out of memory:\n" + target.output());
                // the loops reclaim at most every 100 ms, after the budget is spent: a snapshot
                // may fall between a take and its reclaim, so the bound must hold within a few
                String underAttack = null;
                for (int k = 2; k < 12; k++) {
                    target.send("stats");
                    underAttack = target.awaitLine("STATS", k, 30);
                    if (stat(underAttack, "buffered") <= stat(underAttack, "limit")) {
                        break;
                    }
                    Thread.sleep(200);
                }
                System.out.println("attack 2 (150 unfinished 1 MiB messages, 50 clients not reading): " + underAttack);
                assertTrue(stat(underAttack, "buffered") <= stat(underAttack, "limit"), underAttack);
                try (RawClient c = RawClient.open(port, "/echo")) {
                    c.send(Frames.client(OpCode.TEXT, "still answering"));
                    assertEquals("still answering", c.readFrame().text());
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            assertTrue(target.isAlive(), "the server ran out of memory:\n" + target.output());
        }
    }

    /** Connects from its own loopback address, completes the handshake (reading nothing back), sends {@code bytes}. */
    private static Socket attacker(int port, int i, byte[] bytes) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.bind(new InetSocketAddress("127.0.4." + (i % 250 + 1), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.getOutputStream().write(RawClient.request("/echo").getBytes());
        try {
            s.getOutputStream().write(bytes);
        } catch (IOException e) {
            // refused: the budget is spent
        }
        return s;
    }
}
