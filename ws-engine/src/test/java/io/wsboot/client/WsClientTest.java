package io.wsboot.client;

import io.wsboot.Conn;
import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.codec.FrameWriter;
import io.wsboot.frame.OpCode;
import io.wsboot.handshake.HandshakeResponses;
import io.wsboot.server.WsServer;
import io.wsboot.support.Frames;
import io.wsboot.support.LocalServer;
import io.wsboot.support.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against this project's server, and against a raw server that breaks the rules. */
class WsClientTest {
    @RegisterExtension
    final LocalServer server = new LocalServer();

    private final Recorder echo = new Recorder();

    /** The client settings every test starts from: a subclass runs them all on event loops. */
    protected ClientConfig.Builder config() {
        return ClientConfig.builder();
    }

    private static WsClient open(int port, String path, ClientConfig config) throws IOException {
        return WsClient.connect("127.0.0.1", port, config).handshake(path, Duration.ofSeconds(5), Map.of());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536, 1 << 20})
    void echoesAtTheSizeEdges(int size) throws Exception {
        int port = server.start(WsServer.builder().maxSize(1 << 20).handler("/echo", echo));
        WsClient c = open(port, "/echo", config().maxSize(1 << 20).build());
        Inbox inbox = new Inbox();
        Thread t = c.readLoopInNewThread(inbox);
        String text = Frames.text(size);
        byte[] bin = Frames.random(size, size);
        c.writeText(text);
        c.writeBin(bin);
        assertEquals(text, inbox.nextText());
        Message b = inbox.next();
        assertEquals(OpCode.BINARY, b.type());
        assertArrayEquals(bin, b.bytes());
        c.close();
        t.join(5000);
        assertFalse(t.isAlive());
        assertEquals(1, inbox.closeCalls.get());
        assertEquals(1000, c.closeCode());
        assertEquals(1000, echo.awaitClosed().closeCode());
    }

    @Test
    void pingsBothWays() throws Exception {
        Recorder pinger = new Recorder() {
            @Override
            protected void onOpen(Conn conn) {
                conn.writeFrame(OpCode.PING, "from server".getBytes());
            }

            @Override
            protected void onMessage(Conn conn, Message message) {
                conn.write("server got " + message.type() + " " + message.text());
            }
        };
        int port = server.start(WsServer.builder().handlePong(true).handler("/p", pinger));
        WsClient c = open(port, "/p", config().handlePong(true).build());
        Inbox inbox = new Inbox();
        c.readLoopInNewThread(inbox);
        assertEquals("server got PONG from server", inbox.nextText(), "the client answered the server's ping");
        c.writePing("from client".getBytes());
        Message pong = inbox.next();
        assertEquals(OpCode.PONG, pong.type());
        assertEquals("from client", pong.text());
        c.close();
        inbox.awaitClosed();
    }

    @Test
    void serverCloseEndsTheLoopWithItsCode() throws Exception {
        Recorder closer = new Recorder() {
            @Override
            protected void onMessage(Conn conn, Message message) {
                conn.close(4001, "server says bye");
            }
        };
        int port = server.start(WsServer.builder().handler("/c", closer));
        WsClient c = open(port, "/c", config().build());
        Inbox inbox = new Inbox();
        c.readLoopInNewThread(inbox);
        c.writeText("close me");
        inbox.awaitClosed();
        assertEquals(4001, c.closeCode());
        assertEquals("server says bye", c.closeReason());
        assertEquals(4001, closer.awaitClosed().closeCode(), "the client answered the close");
        assertThrows(ClosedChannelException.class, () -> c.writeText("too late"));
        assertFalse(c.isOpen());
    }

    /** With handleClose the handler sees the server's close and answers it itself, with a code of its own. */
    @Test
    void handleCloseLetsTheHandlerAnswerTheServersClose() throws Exception {
        Recorder closer = new Recorder() {
            @Override
            protected void onMessage(Conn conn, Message message) {
                conn.close(4002, "your turn");
            }
        };
        int port = server.start(WsServer.builder().handler("/c", closer));
        WsClient c = open(port, "/c", config().handleClose(true).build());
        Inbox inbox = new Inbox();
        java.util.concurrent.atomic.AtomicReference<Message> seen = new java.util.concurrent.atomic.AtomicReference<>();
        c.readLoopInNewThread(new ClientHandler() {
            @Override
            public void handle(Message m) throws Exception {
                if (m.type() == OpCode.CLOSE) {
                    seen.set(m.copy());
                    c.writeFrame(OpCode.CLOSE, Frames.closePayload(4003, "answered by hand"));
                }
            }

            @Override
            public void close() {
                inbox.close();
            }
        });
        long t0 = System.nanoTime();
        c.writeText("close me");
        inbox.awaitClosed();
        assertEquals(OpCode.CLOSE, seen.get().type());
        assertEquals(4002, c.closeCode());
        assertEquals(4002, closer.awaitClosed().closeCode());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2000, "the server got the handler's answer, not its close timeout: " + ms + " ms");
        assertEquals(1, inbox.closeCalls.get());
        assertFalse(c.isOpen());
    }

    @Test
    void closeWithoutReadLoopWaitsForTheAnswer() throws Exception {
        int port = server.start(WsServer.builder().handler("/echo", echo));
        WsClient c = open(port, "/echo", config().build());
        c.writeText("x");
        c.closeWithCode(4444);
        assertEquals(4444, echo.awaitClosed().closeCode());
        assertFalse(c.isOpen());
        c.close(); // twice is fine
    }

    /** The read loop's thread runs the connection's own loop: interrupting it drops the connection, once. */
    @Test
    void interruptingTheReadLoopsThreadDropsTheConnection() throws Exception {
        int port = server.start(WsServer.builder().handler("/echo", echo));
        WsClient c = open(port, "/echo", config().build());
        org.junit.jupiter.api.Assumptions.assumeFalse(c.onEventLoop(), "a shared loop's thread is not the caller's to interrupt");
        Inbox inbox = new Inbox();
        Thread reader = c.readLoopInNewThread(inbox);
        c.writeText("before");
        assertEquals("before", inbox.nextText());
        reader.interrupt();
        reader.join(5000);
        assertFalse(reader.isAlive(), "the read loop ended");
        assertEquals(1, inbox.closeCalls.get());
        assertEquals(1006, c.closeCode());
        assertFalse(c.isOpen());
        assertThrows(java.nio.channels.ClosedChannelException.class, () -> c.writeText("after"));
    }

    /** A connection's own loop gives back the buffers it kept for the next burst once the connection is quiet. */
    @Test
    void aQuietConnectionsOwnLoopHoldsNoSpareBuffer() throws Exception {
        int port = server.start(WsServer.builder().handler("/echo", (conn, m) -> conn.writeFrame(m.type(), m.data())));
        WsClient c = open(port, "/echo", config().build());
        org.junit.jupiter.api.Assumptions.assumeFalse(c.onEventLoop(), "shared loops keep their pools for all their connections");
        Inbox inbox = new Inbox();
        c.readLoopAsync(m -> {
            inbox.handle(m);
            if (m.text().equals("go")) {
                c.writeText("from the loop"); // framed into a pooled chunk, which goes back to the pool once sent
            }
        });
        c.writeText("go");
        assertEquals("go", inbox.nextText());
        assertEquals("from the loop", inbox.nextText());
        assertEquals(1, c.loop().chunks.free(), "the chunk is kept for the next burst");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (c.loop().chunks.free() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, c.loop().chunks.free(), "no output chunk kept by a quiet connection");
        c.close();
    }

    /**
     * Before reading starts the session is detached: writes go straight to the socket from the
     * writing thread, and reading then starts with what the server answered meanwhile.
     */
    @Test
    void writesBeforeReadingStartsGoOutAndTheirEchoesAreRead() throws Exception {
        int port = server.start(WsServer.builder().handler("/echo", (conn, m) -> conn.writeFrame(m.type(), m.data())));
        WsClient c = open(port, "/echo", config().build());
        for (int i = 0; i < 100; i++) {
            c.writeText("m" + i);
        }
        for (int i = 0; i < 40; i++) {
            c.writeBin(Frames.random(60_000, i)); // 2.4 MB while nobody reads: written on this thread, blocking as it must
        }
        Inbox inbox = new Inbox();
        c.readLoopAsync(inbox);
        for (int i = 0; i < 100; i++) {
            assertEquals("m" + i, inbox.nextText());
        }
        for (int i = 0; i < 40; i++) {
            Message m = inbox.messages.poll(5, TimeUnit.SECONDS);
            assertNotNull(m, "echo " + i);
            assertArrayEquals(Frames.random(60_000, i), m.bytes());
        }
        c.close();
        inbox.awaitClosed();
        assertEquals(1000, c.closeCode());
    }

    @Test
    void rejectedHandshakeReportsStatusAndBody() throws Exception {
        Recorder gate = new Recorder() {
            @Override
            protected void onInit(Handshake handshake, Conn conn) {
                throw new HandshakeRejection(403, "token required").header("X-Why", "no token");
            }
        };
        int port = server.start(WsServer.builder().handler("/gate", gate));
        WsHandshakeException e = assertThrows(WsHandshakeException.class, () -> open(port, "/gate", config().build()));
        assertEquals(403, e.status());
        assertEquals("token required\n", e.body());
        assertEquals("no token", e.headers().get("x-why"));
        assertTrue(e.getMessage().contains("403") && e.getMessage().contains("token required"), e.getMessage());
        WsHandshakeException nf = assertThrows(WsHandshakeException.class, () -> open(port, "/nowhere", config().build()));
        assertEquals(404, nf.status());
    }

    @Test
    void messageOverMaxSizeIsClosedWith1009() throws Exception {
        Recorder big = new Recorder() {
            @Override
            protected void onOpen(Conn conn) {
                conn.writeBin(new byte[2048]);
            }
        };
        int port = server.start(WsServer.builder().handler("/big", big));
        WsClient c = open(port, "/big", config().maxSize(1024).bufferSize(1024).build());
        Inbox inbox = new Inbox();
        c.readLoopInNewThread(inbox);
        inbox.awaitClosed();
        assertEquals(1009, c.closeCode());
        assertEquals(1009, big.awaitClosed().closeCode());
        assertTrue(inbox.messages.isEmpty());
    }

    @Test
    void handlerExceptionClosesWith1011() throws Exception {
        int port = server.start(WsServer.builder().handler("/echo", echo));
        WsClient c = open(port, "/echo", config().build());
        CountDownLatch closed = new CountDownLatch(1);
        c.readLoopInNewThread(new ClientHandler() {
            @Override
            public void handle(Message message) {
                throw new IllegalStateException("client bug");
            }

            @Override
            public void close() {
                closed.countDown();
            }
        });
        c.writeText("boom");
        assertTrue(closed.await(5, TimeUnit.SECONDS));
        assertEquals(1011, echo.awaitClosed().closeCode());
    }

    @Test
    void eightThreadsWritingConcurrentlyKeepTheirOrder() throws Exception {
        // a plain echo: the recording handler keeps every event, too slow for 80,000 messages
        int port = server.start(WsServer.builder().handler("/echo", (conn, m) -> conn.writeFrame(m.type(), m.data())));
        WsClient c = open(port, "/echo", config().build());
        int threads = 8;
        int each = 10_000;
        int[] next = new int[threads];
        CountDownLatch all = new CountDownLatch(threads * each);
        String[] failure = new String[1];
        c.readLoopInNewThread(m -> {
            String[] p = m.text().split(":", -1);
            int t = Integer.parseInt(p[0]);
            int i = Integer.parseInt(p[1]);
            if (i != next[t]++ || !p[2].equals("x".repeat(i % 50))) {
                failure[0] = "thread " + t + " expected " + (next[t] - 1) + " got " + m.text();
            }
            all.countDown();
        });
        Thread[] writers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            writers[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        c.writeText(id + ":" + i + ":" + "x".repeat(i % 50));
                    }
                } catch (IOException e) {
                    failure[0] = e.toString();
                }
            });
            writers[t].start();
        }
        assertTrue(all.await(60, TimeUnit.SECONDS), "all echoes back; missing " + all.getCount());
        assertEquals(null, failure[0]);
        c.close();
    }

    @Test
    void connectsByUri() throws Exception {
        int port = server.start(WsServer.builder().handler("/echo", echo));
        WsClient c = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo?room=a%20b"), config().build(), Map.of());
        c.writeText("by uri");
        Inbox inbox = new Inbox();
        c.readLoopInNewThread(inbox);
        assertEquals("by uri", inbox.nextText());
        assertTrue(echo.next().startsWith("init /echo?room=a%20b"));
        c.close();
        assertThrows(IllegalArgumentException.class, () -> WsClient.connect("http2://x/"));
    }

    @Test
    void handshakeTimesOutWhenTheServerIsSilent() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            WsClient c = WsClient.connect("127.0.0.1", silent.getLocalPort(), config().build());
            assertThrows(SocketTimeoutException.class, () -> c.handshake("/", Duration.ofMillis(300), Map.of()));
            c.close();
        }
    }

    // ---------------------------------------------------------------- deadlines, not per-read timeouts

    /** The 101 trickled one byte every 20 ms (about 2.6 s in all): the 1 s handshake timeout ends it at 1 s. */
    @Test
    void aTricklingServerCannotStretchTheHandshake() throws Exception {
        int port = server.start(WsServer.builder().handler("/echo", echo));
        try (io.wsboot.support.TrickleProxy slow = new io.wsboot.support.TrickleProxy(port, Duration.ofMillis(20))) {
            long t0 = System.nanoTime();
            WsClient c = WsClient.connect("127.0.0.1", slow.port(), config().build());
            assertThrows(SocketTimeoutException.class, () -> c.handshake("/echo", Duration.ofSeconds(1), Map.of()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 900 && ms < 2000, ms + " ms");
            c.close();
        }
    }

    /** A server that never answers the close, but trickles a byte every 50 ms: close() still ends at the close timeout. */
    @ParameterizedTest(name = "read loop running: {0}")
    @ValueSource(booleans = {false, true})
    void aTricklingServerCannotStretchTheClose(boolean readLoop) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int port = rawServer(out -> {
            try {
                out.write(new byte[] {(byte) 0x81, 126, 0x10, 0}); // a 4 KiB text frame, then its payload a byte at a time
                for (int i = 0; i < 4096; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                // the client closed
            }
        }, received);
        WsClient c = open(port, "/", config().closeTimeout(Duration.ofSeconds(1)).build());
        Inbox inbox = new Inbox();
        if (readLoop) {
            c.readLoopAsync(inbox);
        }
        long t0 = System.nanoTime();
        c.close();
        if (readLoop) {
            inbox.awaitClosed();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2500, ms + " ms for a close with a 1 s close timeout");
        assertFalse(c.isOpen());
    }

    // ---------------------------------------------------------------- a server that breaks the rules

    /** Answers the handshake correctly, then runs {@code script} on the raw socket. */
    static int rawServer(Consumer<OutputStream> script, ByteArrayOutputStream received) throws IOException {
        return rawServer(script, received, false);
    }

    /** With {@code together}, what the script writes first goes out in the 101's packet. */
    private static int rawServer(Consumer<OutputStream> script, ByteArrayOutputStream received, boolean together) throws IOException {
        ServerSocket ss = new ServerSocket(0);
        Thread t = new Thread(() -> {
            try (ss; Socket s = ss.accept()) {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.read());
                }
                String key = head.toString().lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                        .findFirst().orElseThrow().substring(18).trim();
                OutputStream socketOut = s.getOutputStream();
                byte[] answer = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + HandshakeResponses.acceptKey(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                ByteArrayOutputStream packet = new ByteArrayOutputStream();
                OutputStream out = together ? packet : socketOut;
                if (!together) {
                    socketOut.write(answer);
                }
                script.accept(out);
                if (together) {
                    socketOut.write(Frames.concat(answer, packet.toByteArray())); // one write, one packet on loopback
                }
                socketOut.flush();
                s.setSoTimeout(3000);
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (received) {
                        received.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the client closed
            }
        });
        t.setDaemon(true);
        t.start();
        return ss.getLocalPort();
    }

    /**
     * Frames that arrive in the same packet as the 101: the handler reads each message (an echo
     * does), and decoding goes on right after it: a protocol error in the next frame is 1002,
     * and the ping behind it is never answered.
     */
    @Test
    void framesInThe101sPacketAreDecodedWhileTheHandlerReadsThem() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] frames = Frames.concat(unmasked(OpCode.TEXT, true, "first".getBytes()), unmasked(OpCode.BINARY, true, new byte[] {1, 2, 3}),
                unmasked(OpCode.TEXT, true, "third".getBytes()), Frames.raw(true, 0, 3, new byte[0], false, 0),
                unmasked(OpCode.PING, true, "never".getBytes()));
        int port = rawServer(null, frames, received);
        WsClient c = open(port, "/", config().build());
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Inbox inbox = new Inbox() {
            @Override
            public void handle(Message m) {
                ByteBuffer data = m.data(); // reading moves the buffer's position and limit
                seen.add(m.type() + " " + data.remaining());
                super.handle(m);
            }
        };
        c.readLoopAsync(inbox);
        inbox.awaitClosed();
        assertEquals(List.of("TEXT 5", "BINARY 3", "TEXT 5"), seen);
        assertEquals(1002, closeCodeSent(received), "the reserved opcode fails the connection, no pong before it");
    }

    /** Answers the handshake with the 101 and {@code first} in one write, then runs {@code script} (may be null). */
    static int rawServer(Consumer<OutputStream> script, byte[] first, ByteArrayOutputStream received) throws IOException {
        return rawServer(out -> {
            try {
                out.write(first);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (script != null) {
                script.accept(out);
            }
        }, received, true);
    }

    private static byte[] unmasked(OpCode op, boolean fin, byte[] payload) {
        return Frames.raw(fin, 0, op.code(), payload, false, payload.length);
    }

    /** What the raw server received once it holds at least {@code n} bytes. */
    static byte[] awaitBytes(ByteArrayOutputStream received, int n) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            synchronized (received) {
                if (received.size() >= n) {
                    return received.toByteArray();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the raw server did not receive " + n + " bytes");
    }

    /** The close code the client sent back to the raw server (unmasking its frame). */
    private static int closeCodeSent(ByteArrayOutputStream received) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            byte[] b;
            synchronized (received) {
                b = received.toByteArray();
            }
            if (b.length >= 8 && (b[0] & 0x0F) == 8) {
                int c0 = (b[6] ^ b[2]) & 0xFF;
                int c1 = (b[7] ^ b[3]) & 0xFF;
                return (c0 << 8) | c1;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no close frame from the client");
    }

    private int failWith(byte[] frames) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int port = rawServer(out -> {
            try {
                out.write(frames);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, received);
        WsClient c = open(port, "/", config().build());
        Inbox inbox = new Inbox();
        c.readLoopInNewThread(inbox);
        inbox.awaitClosed();
        assertEquals(1, inbox.closeCalls.get());
        int code = closeCodeSent(received);
        assertEquals(code, c.closeCode());
        return code;
    }

    /** A 64-bit length near 2^63 on a server's continuation frame: 1009, and the ping hidden after it unanswered. */
    @ParameterizedTest(name = "length {0}")
    @ValueSource(longs = {Integer.MAX_VALUE, 1L << 31, Long.MAX_VALUE})
    void aServerContinuationOverMaxSizeIs1009WhateverItsLength(long length) throws Exception {
        assertEquals(1009, failWith(Frames.concat(unmasked(OpCode.TEXT, false, "Hel".getBytes()),
                Frames.raw(true, 0, OpCode.CONTINUATION.code(), new byte[0], false, length),
                unmasked(OpCode.PING, true, "hidden".getBytes()))));
    }

    @Test
    void maskedServerFrameIs1002() throws Exception {
        assertEquals(1002, failWith(Frames.client(OpCode.TEXT, "masked")));
    }

    @Test
    void reservedBitsAndOpcodesAre1002() throws Exception {
        assertEquals(1002, failWith(Frames.raw(true, 4, 1, "x".getBytes(), false, 1)));
        assertEquals(1002, failWith(Frames.raw(true, 0, 3, new byte[0], false, 0)));
    }

    @Test
    void badUtf8FromTheServerIs1007() throws Exception {
        assertEquals(1007, failWith(unmasked(OpCode.TEXT, true, new byte[] {(byte) 0xC0, (byte) 0x80})));
    }

    @Test
    void badCloseCodeFromTheServerIs1002() throws Exception {
        assertEquals(1002, failWith(unmasked(OpCode.CLOSE, true, Frames.closePayload(1005, ""))));
    }

    @Test
    void fragmentedServerMessagesWithAPingInBetween() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int port = rawServer(out -> {
            try {
                out.write(Frames.concat(unmasked(OpCode.TEXT, false, "Hel".getBytes()), unmasked(OpCode.PING, true, "p".getBytes()),
                        unmasked(OpCode.CONTINUATION, true, "lo".getBytes())));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, received);
        WsClient c = open(port, "/", config().build());
        Inbox inbox = new Inbox();
        c.readLoopInNewThread(inbox);
        assertEquals("Hello", inbox.nextText());
        byte[] b = awaitBytes(received, 7);
        assertEquals(0x8A, b[0] & 0xFF, "the client answered the ping with a pong");
        assertEquals(0x80 | 1, b[1] & 0xFF, "masked, 1 byte");
        assertEquals('p', (b[6] ^ b[2]) & 0xFF);
        c.close();
        assertEquals(FrameWriter.MAX_HEADER, 14);
    }

    @Test
    void everyFrameIsMaskedWithAFreshKey() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int port = rawServer(out -> { }, received);
        WsClient c = open(port, "/", config().closeTimeout(Duration.ofMillis(100)).build());
        for (int i = 0; i < 5; i++) {
            c.writeText("same");
        }
        byte[] b = awaitBytes(received, 50);
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (int f = 0; f < 5; f++) {
            int at = f * 10;
            assertEquals(0x80 | 4, b[at + 1] & 0xFF, "mask bit set");
            keys.add(java.util.HexFormat.of().formatHex(b, at + 2, at + 6));
        }
        assertEquals(5, keys.size());
        c.close();
    }
}
