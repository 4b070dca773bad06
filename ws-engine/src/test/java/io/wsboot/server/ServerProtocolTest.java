package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.frame.OpCode;
import io.wsboot.support.LocalServer;
import io.wsboot.support.Frames;
import io.wsboot.support.RawClient;
import io.wsboot.support.RawClient.Frame;
import io.wsboot.support.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.wsboot.support.Frames.client;
import static io.wsboot.support.Frames.concat;
import static io.wsboot.support.Frames.fragment;
import static io.wsboot.support.RawClient.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server on the wire, driven by a raw socket client: framing rules, close codes, handshake errors. */
class ServerProtocolTest {
    private final Recorder echo = new Recorder();

    @RegisterExtension
    final LocalServer server = new LocalServer().afterStop(echo::assertClean);

    private int start() throws IOException {
        return server.start(WsServer.builder().maxSize(1 << 20).handler("/echo", echo));
    }

    /** Sends {@code frames}, expects a close with {@code code}, answers it, expects the server's FIN. */
    private void expectFailure(int port, int code, byte[] frames) throws Exception {
        try (RawClient c = RawClient.open(port, "/echo")) {
            c.send(frames);
            Frame close = c.readClose();
            assertEquals(code, close.closeCode(), close.closeReason());
            assertFalse(close.closeReason().isEmpty(), "a close for an error says why");
            assertTrue(c.isClosedByServer());
        }
        assertEquals(code, echo.awaitClosed().closeCode());
    }

    @Test
    void echoesFramesSentRightAfterTheHandshake() throws Exception {
        int port = start();
        try (RawClient c = RawClient.connect(port)) {
            c.send(concat(RawClient.request("/echo").getBytes(StandardCharsets.ISO_8859_1),
                    client(OpCode.TEXT, "first"), client(OpCode.BINARY, new byte[] {1, 2, 3})));
            assertEquals(101, c.readHead().status());
            assertEquals("first", c.readFrame().text());
            Frame bin = c.readFrame();
            assertEquals(OpCode.BINARY, bin.type());
            assertArrayEquals(new byte[] {1, 2, 3}, bin.payload());
            assertFalse(bin.masked());
            assertEquals(0, bin.rsv());
        }
    }

    @Test
    void handlesInputThatArrivesOneByteAtATime() throws Exception {
        int port = start();
        try (RawClient c = RawClient.connect(port)) {
            c.sendSlowly(RawClient.request("/echo").getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(101, c.readHead().status());
            byte[] payload = Frames.random(300, 1);
            c.sendSlowly(concat(client(OpCode.BINARY, payload), client(OpCode.TEXT, "é€😀")));
            assertArrayEquals(payload, c.readFrame().payload());
            assertEquals("é€😀", c.readFrame().text());
        }
    }

    @Test
    void servesControlFramesInsideFragmentedMessages() throws Exception {
        int port = start();
        try (RawClient c = RawClient.open(port, "/echo")) {
            c.send(concat(fragment(false, OpCode.TEXT, bytes("Hel")), client(OpCode.PING, "p"),
                    fragment(false, OpCode.CONTINUATION, bytes("lo ")), client(OpCode.PING, "q"),
                    fragment(true, OpCode.CONTINUATION, bytes("world"))));
            Frame pong1 = c.readFrame();
            assertEquals(OpCode.PONG, pong1.type());
            assertEquals("p", pong1.text());
            assertEquals("q", c.readFrame().text());
            Frame msg = c.readFrame();
            assertEquals(OpCode.TEXT, msg.type());
            assertEquals("Hello world", msg.text());
        }
    }

    @Test
    void echoesTheCloseCodeAndEndsTheConnection() throws Exception {
        int port = start();
        try (RawClient c = RawClient.open(port, "/echo")) {
            c.send(client(OpCode.CLOSE, Frames.closePayload(4321, "bye")));
            Frame close = c.readFrame();
            assertEquals(OpCode.CLOSE, close.type());
            assertEquals(4321, close.closeCode());
            assertTrue(c.isClosedByServer());
        }
        Conn closed = echo.awaitClosed();
        assertEquals(4321, closed.closeCode());
        assertEquals("bye", closed.closeReason());
        try (RawClient c = RawClient.open(port, "/echo")) {
            c.send(client(OpCode.CLOSE, new byte[0]));
            assertEquals(0, c.readFrame().payload().length, "a close without code is answered without code");
        }
        assertEquals(1005, echo.awaitClosed().closeCode());
    }

    @Test
    void unmaskedFrameIs1002() throws Exception {
        expectFailure(start(), 1002, Frames.raw(true, 0, 1, bytes("hi"), false, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void reservedBitsAre1002(int rsv) throws Exception {
        expectFailure(start(), 1002, Frames.raw(true, rsv, 1, bytes("hi"), true, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 7, 0xB, 0xF})
    void reservedOpcodesAre1002(int op) throws Exception {
        expectFailure(start(), 1002, Frames.raw(true, 0, op, new byte[0], true, 0));
    }

    @Test
    void fragmentedPingIs1002() throws Exception {
        expectFailure(start(), 1002, Frames.raw(false, 0, OpCode.PING.code(), bytes("x"), true, 1));
    }

    @Test
    void pingOver125BytesIs1002() throws Exception {
        expectFailure(start(), 1002, client(OpCode.PING, new byte[126]));
    }

    @Test
    void continuationWithoutStartIs1002() throws Exception {
        expectFailure(start(), 1002, fragment(true, OpCode.CONTINUATION, bytes("x")));
    }

    @Test
    void dataFrameInsideFragmentedMessageIs1002() throws Exception {
        expectFailure(start(), 1002, concat(fragment(false, OpCode.TEXT, bytes("a")), client(OpCode.BINARY, bytes("b"))));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1005, 1006, 1015, 2000, 5000})
    void invalidCloseCodeIs1002(int code) throws Exception {
        expectFailure(start(), 1002, client(OpCode.CLOSE, Frames.closePayload(code, "")));
    }

    @Test
    void oneByteClosePayloadIs1002() throws Exception {
        expectFailure(start(), 1002, client(OpCode.CLOSE, new byte[] {3}));
    }

    @Test
    void invalidUtf8TextIs1007() throws Exception {
        expectFailure(start(), 1007, client(OpCode.TEXT, new byte[] {'o', 'k', (byte) 0xC0, (byte) 0xAF}));
    }

    @Test
    void invalidUtf8FailsOnTheFirstFragment() throws Exception {
        // the message never completes: the bad byte alone must fail it
        expectFailure(start(), 1007, fragment(false, OpCode.TEXT, new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    }

    @Test
    void invalidUtf8CloseReasonIs1007() throws Exception {
        expectFailure(start(), 1007, client(OpCode.CLOSE, concat(Frames.closePayload(1000, ""), new byte[] {(byte) 0xFF})));
    }

    @Test
    void utf8ValidationCanBeTurnedOff() throws Exception {
        int port = server.start(WsServer.builder().validateUtf8(false).handler("/echo", echo));
        try (RawClient c = RawClient.open(port, "/echo")) {
            c.send(client(OpCode.TEXT, new byte[] {(byte) 0xFF}));
            assertArrayEquals(new byte[] {(byte) 0xFF}, c.readFrame().payload());
        }
    }

    @Test
    void messageOverMaxSizeIs1009() throws Exception {
        int port = server.start(WsServer.builder().maxSize(1000).bufferSize(512).handler("/echo", echo));
        // only the header: the server must not wait for (or buffer) the payload
        byte[] header = java.util.Arrays.copyOf(Frames.raw(true, 0, 2, new byte[0], true, 100_000), 2 + 8 + 4);
        expectFailure(port, 1009, header);
        expectFailure(port, 1009, concat(fragment(false, OpCode.BINARY, new byte[600]), fragment(true, OpCode.CONTINUATION, new byte[600])));
        try (RawClient c = RawClient.open(port, "/echo")) {
            byte[] max = Frames.random(1000, 3);
            c.send(client(OpCode.BINARY, max));
            assertArrayEquals(max, c.readFrame().payload(), "exactly max-size is fine");
        }
    }

    @Test
    void handlerExceptionIs1011ForThatConnectionOnly() throws Exception {
        Recorder failing = new Recorder() {
            @Override
            protected void onMessage(Conn conn, Message message) {
                if (message.text().equals("boom")) {
                    throw new IllegalStateException("handler bug");
                }
                conn.write(message.text());
            }
        };
        int port = server.start(WsServer.builder().handler("/f", failing).loopBlockWarning(Duration.ZERO));
        try (RawClient a = RawClient.open(port, "/f"); RawClient b = RawClient.open(port, "/f")) {
            a.send(client(OpCode.TEXT, "boom"));
            Frame close = a.readClose();
            assertEquals(1011, close.closeCode());
            b.send(client(OpCode.TEXT, "still fine"));
            assertEquals("still fine", b.readFrame().text());
        }
        assertEquals(1, server.get().handlerErrors());
        failing.assertClean();
    }

    @Test
    void answersPingsOrPassesThemOn() throws Exception {
        int port = start();
        try (RawClient c = RawClient.open(port, "/echo")) {
            c.send(client(OpCode.PING, bytes("are you there")));
            Frame pong = c.readFrame();
            assertEquals(OpCode.PONG, pong.type());
            assertEquals("are you there", pong.text());
            c.send(client(OpCode.PONG, bytes("unsolicited")));
            c.send(client(OpCode.TEXT, "next"));
            assertEquals("next", c.readFrame().text(), "an unsolicited pong is ignored");
        }
        server.get().stop();
        Recorder seen = new Recorder() {
            @Override
            protected void onMessage(Conn conn, Message message) {
                conn.write(message.type() + ":" + message.text());
            }
        };
        port = server.start(WsServer.builder().handlePing(true).handlePong(true).handler("/h", seen));
        try (RawClient c = RawClient.open(port, "/h")) {
            c.send(concat(client(OpCode.PING, bytes("a")), client(OpCode.PONG, bytes("b"))));
            assertEquals("PING:a", c.readFrame().text(), "with handle-ping no automatic pong is sent");
            assertEquals("PONG:b", c.readFrame().text());
        }
    }

    @Test
    void handleCloseGivesTheCloseToTheHandlerAndStillEnds() throws Exception {
        Recorder h = new Recorder() {
            @Override
            protected void onMessage(Conn conn, Message message) {
                if (message.type() == OpCode.CLOSE) {
                    conn.write("saw close " + message.closeCode() + " " + message.closeReason());
                    conn.writeFrame(OpCode.CLOSE, new byte[] {0x0F, (byte) 0xA1}); // 4001
                }
            }
        };
        int port = server.start(WsServer.builder().handleClose(true).handler("/c", h));
        try (RawClient c = RawClient.open(port, "/c")) {
            c.send(client(OpCode.CLOSE, Frames.closePayload(1000, "done")));
            assertEquals("saw close 1000 done", c.readFrame().text());
            assertEquals(4001, c.readFrame().closeCode());
            assertTrue(c.isClosedByServer());
        }
        assertEquals(1000, h.awaitClosed().closeCode());
    }

    @Test
    void serverInitiatedCloseWaitsForTheAnswer() throws Exception {
        Recorder h = new Recorder() {
            @Override
            protected void onMessage(Conn conn, Message message) {
                conn.close(4001, "your turn");
                conn.write("dropped: written after close");
            }
        };
        int port = server.start(WsServer.builder().handler("/c", h));
        try (RawClient c = RawClient.open(port, "/c")) {
            c.send(client(OpCode.TEXT, "close please"));
            Frame close = c.readFrame();
            assertEquals(4001, close.closeCode());
            assertEquals("your turn", close.closeReason());
            c.setTimeout(300);
            assertFalse(c.isClosedByServer(), "the server waits for the close answer");
            c.send(client(OpCode.CLOSE, Frames.closePayload(4001, "")));
            c.setTimeout(5000);
            assertTrue(c.isClosedByServer());
        }
        Conn closed = h.awaitClosed();
        assertEquals(4001, closed.closeCode());
        h.assertClean();
    }

    @Test
    void closeCallbackRunsOnceWhenThePeerVanishes() throws Exception {
        int port = start();
        RawClient c = RawClient.open(port, "/echo");
        c.send(java.util.Arrays.copyOf(client(OpCode.TEXT, "half a frame"), 5));
        c.abort();
        assertEquals(1006, echo.awaitClosed().closeCode());
        RawClient d = RawClient.open(port, "/echo");
        d.close(); // FIN without a close frame
        assertEquals(1006, echo.awaitClosed().closeCode());
    }

    // ---------------------------------------------------------------- handshake

    private static byte[] req(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void unknownPathIs404() throws Exception {
        RawClient.HttpAnswer a = RawClient.exchange(start(), req(RawClient.request("/nope")));
        assertEquals(404, a.status());
        assertTrue(a.body().contains("/nope"));
        assertTrue(a.hasHeader("Connection: close"));
    }

    @Test
    void badRequestsGetTheirStatus() throws Exception {
        int port = start();
        assertEquals(400, RawClient.exchange(port, req("GARBAGE\r\n\r\n")).status());
        assertEquals(400, RawClient.exchange(port, req(RawClient.request("/echo").replace("Upgrade: websocket\r\n", ""))).status());
        assertEquals(405, RawClient.exchange(port, req(RawClient.request("/echo").replace("GET", "POST"))).status());
        RawClient.HttpAnswer v8 = RawClient.exchange(port, req(RawClient.request("/echo").replace("Version: 13", "Version: 8")));
        assertEquals(426, v8.status());
        assertTrue(v8.hasHeader("Sec-WebSocket-Version: 13"));
        assertEquals(4, server.get().rejectedHandshakes());
        assertEquals(0, echo.byConn.size(), "no handler call for a bad handshake");
    }

    @Test
    void ambiguousHeadsAndBodiesAre400AndNoBodyIsReadAsFrames() throws Exception {
        int port = start();
        String ok = RawClient.request("/echo");
        String host = "Host: 127.0.0.1\r\n";
        for (String bad : new String[] {ok.replace(host, host + host), ok.replace(host, "Host: \r\n"), ok.replace(host, "Host: a b\r\n"),
                ok.replace(host, host + "Origin: http://127.0.0.1\r\nOrigin: http://evil.example\r\n")}) {
            assertEquals(400, RawClient.exchange(port, req(bad)).status(), bad);
        }
        // a body announced on the upgrade: 400, and the body (a frame here) never reaches the handler
        byte[] frame = client(OpCode.TEXT, "smuggled");
        for (String header : new String[] {"Content-Length: " + frame.length, "Transfer-Encoding: chunked"}) {
            try (RawClient c = RawClient.connect(port)) {
                c.send(concat(req(RawClient.request("/echo", header)), frame));
                assertEquals(400, c.readHead().status(), header);
            }
        }
        assertEquals(0, echo.byConn.size(), "no handler call for a bad handshake");
    }

    @Test
    void oversizedHandshakeIs431() throws Exception {
        int port = server.start(WsServer.builder().handshakeMaxSize(512).handler("/echo", echo));
        String big = RawClient.request("/echo", "X-Filler: " + "x".repeat(600));
        assertEquals(431, RawClient.exchange(port, req(big)).status());
        // just under the limit passes
        String fits = RawClient.request("/echo", "X-Filler: " + "x".repeat(150));
        try (RawClient c = RawClient.connect(port)) {
            c.send(req(fits));
            assertEquals(101, c.readHead().status());
        }
    }

    @Test
    void slowHandshakeTimesOutWith408() throws Exception {
        int port = server.start(WsServer.builder().handshakeTimeout(Duration.ofMillis(300)).handler("/echo", echo));
        try (RawClient c = RawClient.connect(port)) {
            c.send(req("GET /echo HTTP/1.1\r\nHost: x\r\n")); // and then nothing
            long t0 = System.nanoTime();
            RawClient.HttpAnswer a = c.readHead();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(408, a.status());
            assertTrue(ms >= 200 && ms < 3000, "timed out after " + ms + " ms");
            assertTrue(c.isClosedByServer());
        }
        try (RawClient idle = RawClient.connect(port)) {
            assertEquals(408, idle.readHead().status(), "a connection that sends nothing times out too");
        }
    }

    @Test
    void handshakesBeyondThePoolAreServedNotBlocked() throws Exception {
        int port = server.start(WsServer.builder().handshakePoolCount(2).handler("/echo", echo));
        RawClient[] partial = new RawClient[6];
        for (int i = 0; i < partial.length; i++) {
            partial[i] = RawClient.connect(port);
            partial[i].send(req("GET /echo HTTP/1.1\r\n")); // each holds a handshake buffer
        }
        try (RawClient c = RawClient.open(port, "/echo")) {
            c.send(client(OpCode.TEXT, "served"));
            assertEquals("served", c.readFrame().text());
        }
        for (RawClient p : partial) {
            p.send(req(RawClient.request("/echo").substring("GET /echo HTTP/1.1\r\n".length())));
            assertEquals(101, p.readHead().status());
            p.close();
        }
    }

    @Test
    void initRejectsWithItsStatusOrAnswers500() throws Exception {
        Recorder gate = new Recorder() {
            @Override
            protected void onInit(Handshake handshake, Conn conn) {
                if (handshake.queryParam("crash") != null) {
                    throw new IllegalStateException("bug in init");
                }
                if (!"secret".equals(handshake.queryParam("token"))) {
                    throw new HandshakeRejection(403, "token required").header("X-Reason", "no-token");
                }
            }
        };
        int port = server.start(WsServer.builder().handler("/gate", gate).loopBlockWarning(Duration.ZERO));
        RawClient.HttpAnswer a = RawClient.exchange(port, req(RawClient.request("/gate")));
        assertEquals(403, a.status());
        assertEquals("token required\n", a.body());
        assertTrue(a.hasHeader("X-Reason: no-token"));
        assertEquals(500, RawClient.exchange(port, req(RawClient.request("/gate?crash=1"))).status());
        try (RawClient c = RawClient.open(port, "/gate?token=secret")) {
            c.send(client(OpCode.TEXT, "in"));
            assertEquals("in", c.readFrame().text());
        }
        gate.assertClean();
    }

    @Test
    void subprotocolAndResponseHeadersReachTheClient() throws Exception {
        Recorder h = new Recorder() {
            @Override
            protected void onInit(Handshake handshake, Conn conn) {
                handshake.selectSubprotocol(handshake.subprotocols().get(1));
                handshake.addResponseHeader("Set-Cookie", "session=abc");
                conn.attach(handshake.headers().get("x-app") + "|" + handshake.headers().get("x-late"));
            }

            @Override
            protected void onOpen(Conn conn) {
                conn.write(conn.subprotocol() + " " + conn.<String>attachment());
            }
        };
        int port = server.start(WsServer.builder().maxHeaders(6).handler("/p", h));
        try (RawClient c = RawClient.connect(port)) {
            // request(): Host, Upgrade, Connection, Key, Version are headers 1-5
            c.send(req(RawClient.request("/p", "X-App: one", "X-Late: beyond max-headers", "Sec-WebSocket-Protocol: v1, v2")));
            RawClient.HttpAnswer a = c.readHead();
            assertEquals(101, a.status());
            assertTrue(a.hasHeader("Sec-WebSocket-Protocol: v2"));
            assertTrue(a.hasHeader("Set-Cookie: session=abc"));
            assertEquals("v2 one|null", c.readFrame().text());
        }
    }

    /**
     * A 64-bit length near 2^63 on a continuation used to overflow the max-size check: the server
     * must answer 1009 from the header, never read what follows as frames (a ping hidden there).
     */
    @ParameterizedTest(name = "compressed {0}, length {1}")
    @org.junit.jupiter.params.provider.CsvSource({"false, 2147483647", "false, 2147483648", "false, 9223372036854775807",
            "true, 2147483647", "true, 2147483648", "true, 9223372036854775807"})
    void aContinuationOverMaxSizeIs1009WhateverItsLength(boolean compressed, long length) throws Exception {
        int port = start();
        String[] ext = compressed ? new String[] {"Sec-WebSocket-Extensions: permessage-deflate"} : new String[0];
        try (RawClient c = RawClient.open(port, "/echo", ext)) {
            byte[] first = compressed ? new byte[] {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00} : bytes("Hello");
            c.send(concat(Frames.raw(false, compressed ? 4 : 0, OpCode.TEXT.code(), first, true, first.length),
                    Frames.raw(true, 0, OpCode.CONTINUATION.code(), new byte[0], true, length),
                    client(OpCode.PING, "hidden")));
            Frame f = c.readFrame();
            assertEquals(OpCode.CLOSE.code(), f.opcode(), "the first frame back is the close, not a pong");
            assertEquals(1009, f.closeCode(), f.closeReason());
            assertTrue(c.isClosedByServer());
        }
        assertEquals(1009, echo.awaitClosed().closeCode());
    }

    /**
     * A valid message followed at once by a protocol error: the handler's answer to the message
     * goes out before the close, whether handlers run on the loop or on an executor.
     */
    @ParameterizedTest(name = "handlers on an executor: {0}")
    @ValueSource(booleans = {false, true})
    void theAnswerToAMessageBeforeAProtocolErrorGoesOutFirst(boolean executor) throws Exception {
        WsServer.Builder b = WsServer.builder().maxSize(1 << 20).handler("/echo", echo);
        if (executor) {
            b.offloadHandlers();
        }
        int port = server.start(b);
        for (byte[] error : new byte[][] {Frames.raw(true, 2, OpCode.TEXT.code(), bytes("x"), true, 1),
                Frames.raw(true, 0, 3, new byte[0], true, 0), concat(fragment(false, OpCode.TEXT, bytes("a")), client(OpCode.TEXT, "b"))}) {
            try (RawClient c = RawClient.open(port, "/echo")) {
                c.send(concat(client(OpCode.TEXT, "echo me"), error));
                Frame first = c.readFrame();
                assertEquals(OpCode.TEXT.code(), first.opcode(), "the echo comes first");
                assertEquals("echo me", first.text());
                assertEquals(1002, c.readFrame().closeCode());
            }
            assertEquals(1002, echo.awaitClosed().closeCode());
        }
    }
}
