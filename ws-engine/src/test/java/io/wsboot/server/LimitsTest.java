package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.frame.OpCode;
import io.wsboot.support.Frames;
import io.wsboot.support.RawClient;
import io.wsboot.support.Recorder;
import io.wsboot.support.Trips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** max-connections, max-handshakes, idle timeout, keep-alive pings, slow consumers, origin check. */
class LimitsTest {
    private WsServer server;
    private final Recorder echo = new Recorder();
    private final Trips trips = new Trips();

    private int start(WsServer.Builder b) throws IOException {
        server = b.port(0).address("127.0.0.1").observer(trips).start();
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    private static byte[] req(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void beyondMaxConnectionsTheHandshakeGets503AndOthersAreUndisturbed() throws Exception {
        int port = start(WsServer.builder().maxConnections(3).handler("/echo", echo));
        List<RawClient> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(RawClient.open(port, "/echo"));
        }
        RawClient.HttpAnswer a = RawClient.exchange(port, req(RawClient.request("/echo")));
        assertEquals(503, a.status());
        assertTrue(a.hasHeader("Retry-After: 1"));
        assertTrue(trips.contains("TOO_MANY_CONNECTIONS 503"), trips.toString());
        for (RawClient c : open) {
            c.send(Frames.client(OpCode.TEXT, "still served"));
            assertEquals("still served", c.readFrame().text());
        }
        open.get(0).close();
        Thread.sleep(200);
        try (RawClient again = RawClient.open(port, "/echo")) {
            again.send(Frames.client(OpCode.TEXT, "room again"));
            assertEquals("room again", again.readFrame().text());
        }
        for (RawClient c : open) {
            c.close();
        }
    }

    @Test
    void beyondMaxHandshakesNewConnectionsAreRefusedAtOnce() throws Exception {
        int port = start(WsServer.builder().maxHandshakes(2).handler("/echo", echo));
        RawClient slow1 = RawClient.connect(port);
        RawClient slow2 = RawClient.connect(port);
        slow1.send(req("GET /echo HTTP/1.1\r\n"));
        slow2.send(req("GET /echo HTTP/1.1\r\n"));
        Thread.sleep(200);
        try (RawClient third = RawClient.connect(port)) {
            assertEquals(503, third.readHead().status(), "answered without sending a request");
        }
        assertEquals(2, server.handshakeCount());
        slow1.close();
        slow2.close();
        Thread.sleep(200);
        assertEquals(0, server.handshakeCount());
        try (RawClient ok = RawClient.open(port, "/echo")) {
            ok.send(Frames.client(OpCode.TEXT, "fine"));
            assertEquals("fine", ok.readFrame().text());
        }
        assertTrue(trips.contains("TOO_MANY_HANDSHAKES 503"), trips.toString());
    }

    /** One address holding handshake slots with silent sockets: its next one gets 503 at once, other addresses get in. */
    @Test
    void oneAddressCannotHoldEveryHandshakeSlot() throws Exception {
        int port = start(WsServer.builder().maxHandshakes(25).maxHandshakesPerAddress(4).handler("/echo", echo));
        List<RawClient> silent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            silent.add(RawClient.connectFrom("127.0.0.9", port));
        }
        Thread.sleep(200);
        try (RawClient fifth = RawClient.connectFrom("127.0.0.9", port)) {
            RawClient.HttpAnswer a = fifth.readHead();
            assertEquals(503, a.status(), "answered without sending a request");
            assertTrue(a.hasHeader("Retry-After: 1"));
        }
        for (int i = 0; i < 21; i++) { // every other slot is still there for others
            try (RawClient other = RawClient.open(port, "/echo")) {
                other.send(Frames.client(OpCode.TEXT, "in " + i));
                assertEquals("in " + i, other.readFrame().text());
            }
        }
        for (RawClient c : silent) {
            c.close();
        }
        Thread.sleep(200);
        assertEquals(0, server.handshakeCount());
        try (RawClient back = RawClient.connectFrom("127.0.0.9", port)) {
            back.send(req(RawClient.request("/echo")));
            assertEquals(101, back.readHead().status(), "its slots came back");
        }
        assertTrue(trips.contains("TOO_MANY_HANDSHAKES_FROM_ADDRESS 503"), trips.toString());
    }

    @Test
    void connectionsPerAddressCanBeLimited() throws Exception {
        int port = start(WsServer.builder().maxConnectionsPerAddress(2).handler("/echo", echo));
        try (RawClient a = RawClient.open(port, "/echo"); RawClient b = RawClient.open(port, "/echo")) {
            try (RawClient c = RawClient.connect(port)) {
                assertEquals(503, c.readHead().status());
            }
            try (RawClient other = RawClient.connectFrom("127.0.0.10", port)) {
                other.send(req(RawClient.request("/echo")));
                assertEquals(101, other.readHead().status(), "another address");
            }
        }
        Thread.sleep(300);
        try (RawClient again = RawClient.open(port, "/echo")) {
            again.send(Frames.client(OpCode.TEXT, "room again"));
            assertEquals("room again", again.readFrame().text());
        }
        assertTrue(trips.contains("TOO_MANY_CONNECTIONS_FROM_ADDRESS 503"), trips.toString());
    }

    /** A peer that stops reading but keeps sending pongs is never idle: the write timeout ends it. */
    @Test
    void outputThatMakesNoProgressEndsWithTheWriteTimeout() throws Exception {
        Recorder flood = new Recorder() {
            @Override
            protected void onOpen(Conn conn) {
                byte[] chunk = new byte[256 * 1024];
                for (int i = 0; i < 128; i++) { // 32 MiB: far more than the socket buffers hold
                    conn.writeBin(chunk);
                }
            }
        };
        int port = start(WsServer.builder().writeTimeout(Duration.ofSeconds(1)).maxQueuedBytes(64L << 20)
                .pingInterval(Duration.ZERO).handler("/flood", flood));
        long t0 = System.nanoTime();
        try (RawClient c = RawClient.open(port, "/flood")) {
            // never reads; sends a pong every 100 ms, so it is never idle
            while (flood.closed.isEmpty() && System.nanoTime() - t0 < 10_000_000_000L) {
                try {
                    c.send(Frames.client(OpCode.PONG, new byte[0]));
                } catch (IOException e) {
                    break; // closed under us
                }
                Thread.sleep(100);
            }
        }
        assertEquals(1008, flood.awaitClosed().closeCode());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 900 && ms < 5000, ms + " ms");
        assertTrue(trips.contains("WRITE_TIMEOUT"), trips.toString());
    }

    @Test
    void idleConnectionsAreClosedWith1001() throws Exception {
        int port = start(WsServer.builder().idleTimeout(Duration.ofSeconds(1)).pingInterval(Duration.ZERO).handler("/echo", echo));
        try (RawClient c = RawClient.open(port, "/echo")) {
            c.send(Frames.client(OpCode.TEXT, "then silence"));
            c.readFrame();
            long t0 = System.nanoTime();
            RawClient.Frame close = c.readClose();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1001, close.closeCode());
            assertTrue(close.closeReason().startsWith("idle timeout"), close.closeReason());
            assertTrue(ms >= 500 && ms < 4000, ms + " ms");
            c.send(Frames.client(OpCode.CLOSE, Frames.closePayload(1001, "")));
        }
        assertEquals(1001, echo.awaitClosed().closeCode());
        assertTrue(trips.contains("IDLE_TIMEOUT"));
    }

    @Test
    void keepAlivePingsFindDeadPeers() throws Exception {
        int port = start(WsServer.builder().pingInterval(Duration.ofSeconds(1)).pongTimeout(Duration.ofSeconds(1))
                .handler("/echo", echo));
        try (RawClient live = RawClient.open(port, "/echo"); RawClient dead = RawClient.open(port, "/echo")) {
            // the live one answers every ping, in the background; the dead one never does
            java.util.concurrent.BlockingQueue<String> texts = new java.util.concurrent.LinkedBlockingQueue<>();
            java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
            Thread responder = new Thread(() -> {
                try {
                    while (true) {
                        RawClient.Frame f = live.readFrame();
                        if (f.type() == OpCode.PING) {
                            pings.incrementAndGet();
                            live.send(Frames.client(OpCode.PONG, f.payload()));
                        } else {
                            texts.add(f.type() == OpCode.CLOSE ? "close " + f.closeCode() : f.text());
                        }
                    }
                } catch (IOException ignored) {
                    // the test ended
                }
            });
            responder.setDaemon(true);
            responder.start();
            assertEquals(OpCode.PING, dead.readFrame().type());
            RawClient.Frame close = dead.readClose();
            assertEquals(1001, close.closeCode());
            assertTrue(close.closeReason().startsWith("no pong"), close.closeReason());
            Thread.sleep(2500); // more pings for the live one, all answered
            live.send(Frames.client(OpCode.TEXT, "alive"));
            assertEquals("alive", texts.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(pings.get() >= 2, "pings answered: " + pings.get());
        }
        assertTrue(trips.contains("PONG_TIMEOUT"));
    }

    @Test
    void aSlowConsumerIsClosedInsteadOfGrowingTheHeap() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Recorder flooder = new Recorder() {
            @Override
            protected void onOpen(Conn conn) {
                new Thread(() -> {
                    int refused = 0;
                    for (int i = 0; i < 2000 && refused == 0; i++) {
                        if (!conn.writeBin(chunk)) {
                            refused++;
                        }
                    }
                }).start();
            }
        };
        int port = start(WsServer.builder().maxQueuedBytes(1 << 20).handler("/flood", flooder).handler("/echo", echo));
        RawClient c = RawClient.open(port, "/flood"); // and never reads
        assertEquals(1008, flooder.awaitClosed().closeCode());
        assertTrue(flooder.closed.isEmpty());
        assertTrue(trips.contains("SLOW_CONSUMER"), trips.toString());
        assertEquals(0, server.buffersBorrowed().get("chunks"));
        c.abort();
        try (RawClient other = RawClient.open(port, "/echo")) {
            other.send(Frames.client(OpCode.TEXT, "others are still served"));
            assertEquals("others are still served", other.readFrame().text());
        }
    }

    @Test
    void originCheck() throws Exception {
        int port = start(WsServer.builder().handler("/echo", echo));
        // default: same host (any port), or no Origin
        assertEquals(101, RawClient.exchange(port, req(RawClient.request("/echo", "Origin: http://127.0.0.1:8080"))).status());
        assertEquals(101, RawClient.exchange(port, req(RawClient.request("/echo"))).status());
        RawClient.HttpAnswer a = RawClient.exchange(port, req(RawClient.request("/echo", "Origin: https://evil.example")));
        assertEquals(403, a.status());
        assertTrue(a.body().contains("origin not allowed"), a.body());
        assertTrue(trips.contains("ORIGIN_NOT_ALLOWED 403"));
        server.stop();
        port = start(WsServer.builder().allowedOrigins("https://*.example.com", "http://localhost:[*]").handler("/echo", echo));
        assertEquals(101, RawClient.exchange(port, req(RawClient.request("/echo", "Origin: https://app.example.com"))).status());
        assertEquals(101, RawClient.exchange(port, req(RawClient.request("/echo", "Origin: http://localhost:3000"))).status());
        assertEquals(403, RawClient.exchange(port, req(RawClient.request("/echo", "Origin: https://example.com.evil.org"))).status());
        assertEquals(403, RawClient.exchange(port, req(RawClient.request("/echo", "Origin: http://127.0.0.1"))).status());
        server.stop();
        port = start(WsServer.builder().allowedOrigins("*").handler("/echo", echo));
        assertEquals(101, RawClient.exchange(port, req(RawClient.request("/echo", "Origin: https://anything.test"))).status());
        assertFalse(trips.seen.isEmpty());
    }

    /**
     * DNS rebinding: a page on evil.example whose name now points here sends Host and Origin
     * that agree. Same host is trusted only for names an attacker cannot have chosen.
     */
    @Test
    void sameHostIsTrustedOnlyForTheServersOwnNames() throws Exception {
        int port = start(WsServer.builder().handler("/echo", echo));
        String rebound = RawClient.request("/echo", "Origin: http://evil.example:" + port).replace("Host: 127.0.0.1", "Host: evil.example:" + port);
        assertEquals(403, RawClient.exchange(port, req(rebound)).status(), "a rebound name is not same-origin");
        String local = RawClient.request("/echo", "Origin: http://localhost:8080").replace("Host: 127.0.0.1", "Host: localhost:" + port);
        assertEquals(101, RawClient.exchange(port, req(local)).status(), "localhost");
        assertEquals(101, RawClient.exchange(port, req(RawClient.request("/echo", "Origin: http://127.0.0.1:8080"))).status(), "an IP literal");
        String v6 = RawClient.request("/echo", "Origin: http://[::1]:8080").replace("Host: 127.0.0.1", "Host: [::1]:" + port);
        assertEquals(101, RawClient.exchange(port, req(v6)).status(), "an IPv6 literal");
        assertEquals(101, RawClient.exchange(port, req(RawClient.request("/echo").replace("Host: 127.0.0.1", "Host: evil.example"))).status(),
                "no Origin (not a browser): the Host does not matter");
        server.stop();
        // names this server is reached by are listed: same host then holds for them
        port = start(WsServer.builder().allowedHosts("chat.example.com", "*.example.org").handler("/echo", echo));
        for (String name : new String[] {"chat.example.com", "eu.example.org"}) {
            String named = RawClient.request("/echo", "Origin: https://" + name).replace("Host: 127.0.0.1", "Host: " + name + ":" + port);
            assertEquals(101, RawClient.exchange(port, req(named)).status(), name);
        }
        String other = RawClient.request("/echo", "Origin: http://evil.example").replace("Host: 127.0.0.1", "Host: evil.example");
        assertEquals(403, RawClient.exchange(port, req(other)).status());
    }
}
