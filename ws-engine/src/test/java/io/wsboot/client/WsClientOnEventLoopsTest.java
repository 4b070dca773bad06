package io.wsboot.client;

import io.wsboot.server.WsServer;
import io.wsboot.support.Frames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every client test again with connections read by shared event loops, plus what only loops do:
 * many connections on few threads, writes from the loop's thread that the socket cannot take at
 * once, and loops stopped under open connections.
 */
class WsClientOnEventLoopsTest extends WsClientTest {
    private static final ClientEventLoops LOOPS = ClientEventLoops.create(2);

    @AfterAll
    static void stopLoops() {
        LOOPS.close();
    }

    @Override
    protected ClientConfig.Builder config() {
        return ClientConfig.builder().eventLoops(LOOPS);
    }

    private int echoServer() throws Exception {
        return server.start(WsServer.builder().maxSize(1 << 20).maxQueuedBytes(64L << 20)
                .handler("/echo", (conn, m) -> conn.writeFrame(m.type(), m.data())));
    }

    private WsClient connect(int port, ClientConfig config) throws Exception {
        return WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo"), config, Map.of());
    }

    @Test
    void twoHundredConnectionsOnTwoThreads() throws Exception {
        int port = echoServer();
        int threadsBefore = Thread.activeCount();
        int n = 200;
        int rounds = 20;
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<String> failure = new AtomicReference<>();
        List<WsClient> clients = new ArrayList<>();
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WsClient c = connect(port, config().build());
            assertTrue(c.onEventLoop());
            String id = "conn " + i + " #";
            int[] next = {0};
            ends.add(c.readLoopAsync(m -> {
                if (!m.text().equals(id + next[0])) {
                    failure.compareAndSet(null, "expected " + id + next[0] + " got " + m.text());
                }
                if (++next[0] < rounds) {
                    c.writeText(id + next[0]); // the next one from the loop's thread
                } else {
                    done.countDown();
                }
            }));
            clients.add(c);
        }
        assertTrue(Thread.activeCount() - threadsBefore < 20, "no thread per connection: "
                + (Thread.activeCount() - threadsBefore) + " new threads");
        for (int i = 0; i < n; i++) {
            clients.get(i).writeText("conn " + i + " #0");
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "all round trips done; missing " + done.getCount());
        assertNull(failure.get());
        for (WsClient c : clients) {
            c.close();
        }
        CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        for (WsClient c : clients) {
            assertEquals(1000, c.closeCode());
        }
    }

    @Test
    void writesFromTheLoopThatTheSocketCannotTakeAtOnceKeepTheirOrder() throws Exception {
        // one message in makes the handler write 64 MiB from the loop's thread: far more than the
        // socket buffers hold, so most is queued and sent as the socket drains, while the loop
        // keeps reading the echoes (or the server, blocked on us, would never drain); the queue
        // bound is raised above the burst
        int port = echoServer();
        WsClient c = connect(port, config().maxSize(1 << 20).maxQueuedBytes(128L << 20).build());
        int count = 256;
        int size = 256 * 1024;
        CountDownLatch all = new CountDownLatch(count);
        AtomicReference<String> failure = new AtomicReference<>();
        int[] next = {0};
        CompletableFuture<Void> end = c.readLoopAsync(m -> {
            if (m.text().equals("go")) {
                for (int i = 0; i < count; i++) {
                    c.writeBin(Frames.random(size, i));
                }
                return;
            }
            byte[] expected = Frames.random(size, next[0]);
            if (!ByteBuffer.wrap(expected).equals(m.data())) {
                failure.compareAndSet(null, "message " + next[0] + " differs");
            }
            next[0]++;
            all.countDown();
        });
        c.writeText("go");
        assertTrue(all.await(60, TimeUnit.SECONDS), "all echoed; missing " + all.getCount());
        assertNull(failure.get());
        c.close();
        end.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aThreadWritingMoreThanTheSocketTakesWaitsAndLosesNothing() throws Exception {
        int port = echoServer();
        WsClient c = connect(port, config().maxSize(1 << 20).build());
        int count = 128;
        int size = 512 * 1024;
        CountDownLatch all = new CountDownLatch(count);
        AtomicReference<String> failure = new AtomicReference<>();
        int[] next = {0};
        c.readLoopAsync(m -> {
            if (!ByteBuffer.wrap(Frames.random(size, next[0])).equals(m.data())) {
                failure.compareAndSet(null, "message " + next[0] + " differs");
            }
            next[0]++;
            all.countDown();
        });
        for (int i = 0; i < count; i++) {
            c.writeBin(Frames.random(size, i));
        }
        assertTrue(all.await(60, TimeUnit.SECONDS), "all echoed; missing " + all.getCount());
        assertNull(failure.get());
        c.close();
    }

    @Test
    void stoppingTheLoopsEndsTheirConnections() throws Exception {
        int port = echoServer();
        ClientEventLoops own = ClientEventLoops.create(1);
        WsClient c = connect(port, ClientConfig.builder().eventLoops(own).build());
        Inbox inbox = new Inbox();
        CompletableFuture<Void> end = c.readLoopAsync(inbox);
        c.writeText("before");
        assertEquals("before", inbox.nextText());
        own.close();
        end.get(5, TimeUnit.SECONDS);
        assertEquals(1, inbox.closeCalls.get());
        assertEquals(1006, c.closeCode());
        assertFalse(c.isOpen());
        // a connection started after its loops stopped ends at once, its handler told
        WsClient late = connect(port, ClientConfig.builder().eventLoops(own).build());
        Inbox lateInbox = new Inbox();
        late.readLoopAsync(lateInbox).get(5, TimeUnit.SECONDS);
        assertEquals(1, lateInbox.closeCalls.get());
    }

    @Test
    void aWriterParksWhileTheServerDoesNotReadAndLosesNothing() throws Exception {
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        int port = rawServer(out -> sleep(1000), received); // reads nothing for a second
        WsClient c = WsClient.connect("127.0.0.1", port, config().maxSize(1 << 20).build())
                .handshake("/", java.time.Duration.ofSeconds(5), Map.of());
        c.readLoopAsync(m -> { });
        int count = 24;
        int size = 1 << 20;
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            c.writeBin(Frames.random(size, i)); // the socket's buffers fill: this thread waits
        }
        assertTrue(System.nanoTime() - t0 > TimeUnit.MILLISECONDS.toNanos(500), "the writer was held back");
        byte[] got = awaitBytes(received, count * (size + 14));
        ByteBuffer in = ByteBuffer.wrap(got);
        for (int i = 0; i < count; i++) {
            assertEquals(0x82, in.get() & 0xFF, "binary, fin, frame " + i);
            assertEquals(0x80 | 127, in.get() & 0xFF, "masked, 64-bit length");
            assertEquals(size, in.getLong());
            byte[] key = new byte[4];
            in.get(key);
            byte[] payload = new byte[size];
            in.get(payload);
            for (int j = 0; j < size; j++) {
                payload[j] ^= key[j & 3];
            }
            assertTrue(java.util.Arrays.equals(Frames.random(size, i), payload), "payload of frame " + i);
        }
        c.close();
    }

    @Test
    void aWriterWaitingOnAFullSocketDoesNotHoldUpTheLoop() throws Exception {
        // A's server sends A a message, then reads nothing for 2 s while A's writer thread waits on
        // a full socket; B, on the same single loop, must still be served meanwhile
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        int rawPort = rawServer(out -> {
            sleep(300);
            try {
                out.write(Frames.raw(true, 0, 1, "to A".getBytes(), false, 4));
                out.flush();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            sleep(2000);
        }, received);
        int echoPort = echoServer();
        ClientEventLoops one = ClientEventLoops.create(1);
        try {
            ClientConfig cfg = ClientConfig.builder().eventLoops(one).maxSize(1 << 20).build();
            WsClient a = WsClient.connect("127.0.0.1", rawPort, cfg).handshake("/", java.time.Duration.ofSeconds(5), Map.of());
            CountDownLatch aGotIt = new CountDownLatch(1);
            a.readLoopAsync(m -> aGotIt.countDown());
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 32; i++) {
                        a.writeBin(new byte[1 << 20]);
                    }
                } catch (java.io.IOException ignored) {
                    // closed at the end
                }
            });
            writer.start();
            WsClient b = connect(echoPort, cfg);
            java.util.concurrent.BlockingQueue<String> echoes = new java.util.concurrent.LinkedBlockingQueue<>();
            b.readLoopAsync(m -> echoes.add(m.text()));
            assertTrue(aGotIt.await(5, TimeUnit.SECONDS), "A's message was dispatched while its writer waits");
            for (int i = 0; i < 10; i++) {
                b.writeText("b" + i);
                assertEquals("b" + i, echoes.poll(1, TimeUnit.SECONDS), "B served while A's writer waits");
            }
            assertTrue(writer.isAlive(), "A's writer was still waiting all along");
            b.close();
            a.close();
            writer.join(10_000);
        } finally {
            one.close();
        }
    }

    @Test
    void aServerThatStopsReadingCannotMakeTheLoopQueueWithoutBound() throws Exception {
        // the server sends "go", then reads nothing; the handler answers with 64 MiB from the
        // loop's thread, which never blocks: past maxQueuedBytes the write fails and the
        // connection is closed with 1008 instead of the heap taking it all
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        int port = rawServer(out -> {
            try {
                out.write(Frames.raw(true, 0, 1, "go".getBytes(), false, 2));
                out.flush();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            sleep(3000);
        }, received);
        WsClient c = WsClient.connect("127.0.0.1", port, config().maxQueuedBytes(4 << 20).build())
                .handshake("/", java.time.Duration.ofSeconds(5), Map.of());
        AtomicReference<Throwable> failed = new AtomicReference<>();
        int[] accepted = {0};
        java.util.concurrent.atomic.AtomicInteger closeCalls = new java.util.concurrent.atomic.AtomicInteger();
        ClientHandler handler = new ClientHandler() {
            @Override
            public void handle(io.wsboot.Message message) {
                try {
                    for (int i = 0; i < 1024; i++) {
                        c.writeBin(new byte[64 * 1024]);
                        accepted[0]++;
                    }
                } catch (java.io.IOException e) {
                    failed.set(e);
                }
            }

            @Override
            public void close() {
                closeCalls.incrementAndGet();
            }
        };
        c.readLoopAsync(handler).get(10, TimeUnit.SECONDS);
        assertTrue(failed.get() != null && failed.get().getMessage().contains("server not reading"), String.valueOf(failed.get()));
        assertTrue(accepted[0] < 1024, "the queue stopped growing: " + accepted[0] + " of 1024 writes taken");
        assertEquals(1008, c.closeCode());
        assertEquals(1, closeCalls.get());
        assertFalse(c.isOpen());
    }

    @Test
    void aBlockingReadLoopIsRefusedOnALoopThread() throws Exception {
        int port = echoServer();
        WsClient a = connect(port, config().build());
        WsClient b = connect(port, config().build());
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        a.readLoopAsync(m -> {
            try {
                b.readLoop(x -> { }); // would hold this loop until b ends
                refused.complete(null);
            } catch (IllegalStateException e) {
                refused.complete(e);
            }
        });
        a.writeText("go");
        Throwable t = refused.get(5, TimeUnit.SECONDS);
        assertTrue(t instanceof IllegalStateException && t.getMessage().contains("readLoopAsync"), String.valueOf(t));
        CompletableFuture<Void> bEnd = b.readLoopAsync(x -> { }); // b is still free to start
        a.close();
        b.close();
        bEnd.get(5, TimeUnit.SECONDS);
    }

    @Test
    void wssOnTheLoopsCarriesLargeTrafficBothWays(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        io.wsboot.support.KeyStores.Identity id = io.wsboot.support.KeyStores.selfSigned(dir, "dns:localhost,ip:127.0.0.1");
        int port = server.start(WsServer.builder().maxSize(1 << 20).maxQueuedBytes(64L << 20).ssl(id.context())
                .handler("/echo", (conn, m) -> conn.writeFrame(m.type(), m.data())));
        WsClient c = WsClient.connect(URI.create("wss://localhost:" + port + "/echo"),
                config().maxSize(1 << 20).maxQueuedBytes(64L << 20).trustPem(id.certPem()).build(), Map.of());
        assertTrue(c.onEventLoop());
        assertEquals("TLSv1.3", c.tlsSession().getProtocol());
        int fromLoop = 64;
        int fromThread = 16;
        int size = 256 * 1024;
        CountDownLatch all = new CountDownLatch(fromLoop + fromThread);
        java.util.Map<Byte, Integer> next = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicReference<String> failure = new AtomicReference<>();
        CompletableFuture<Void> end = c.readLoopAsync(m -> {
            if (m.type() == io.wsboot.frame.OpCode.TEXT) { // "go": the loop's thread writes a burst
                for (int i = 0; i < fromLoop; i++) {
                    c.writeBin(tagged((byte) 1, i, size));
                }
                return;
            }
            byte src = m.data().get(0);
            int i = next.merge(src, 1, Integer::sum) - 1;
            if (!ByteBuffer.wrap(tagged(src, i, size)).equals(m.data())) {
                failure.compareAndSet(null, "message " + i + " from " + src + " differs");
            }
            all.countDown();
        });
        c.writeText("go");
        for (int i = 0; i < fromThread; i++) {
            c.writeBin(tagged((byte) 2, i, size));
        }
        assertTrue(all.await(60, TimeUnit.SECONDS), "all echoed; missing " + all.getCount());
        assertNull(failure.get());
        c.close();
        end.get(10, TimeUnit.SECONDS);
        assertEquals(1000, c.closeCode());
    }

    @Test
    void wssMessagesThatCameWithTheHandshakeAnswerAreNotLost(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // the server writes at once on open: its first frames travel in the TLS records of the
        // 101, read (and partly decrypted) by the blocking handshake before the loop takes over
        io.wsboot.support.KeyStores.Identity id = io.wsboot.support.KeyStores.selfSigned(dir, "dns:localhost,ip:127.0.0.1");
        int port = server.start(WsServer.builder().maxSize(1 << 20).ssl(id.context()).handler("/greet", new io.wsboot.Handler() {
            @Override
            public void afterInit(io.wsboot.Conn conn) {
                conn.write("hello"); // and nothing more until asked
            }

            @Override
            public void handle(io.wsboot.Conn conn, io.wsboot.Message message) {
                for (int i = 0; i < 3; i++) {
                    conn.write(Character.toString('a' + i).repeat(20_000));
                }
                conn.write("bye");
            }
        }));
        for (int round = 0; round < 5; round++) {
            WsClient c = WsClient.connect(URI.create("wss://localhost:" + port + "/greet"),
                    config().maxSize(1 << 20).trustPem(id.certPem()).build(), Map.of());
            Inbox inbox = new Inbox();
            c.readLoopAsync(inbox);
            assertEquals("hello", inbox.nextText(), "round " + round);
            c.writeText("more");
            for (int i = 0; i < 3; i++) {
                assertEquals(Character.toString('a' + i).repeat(20_000), inbox.nextText(), "message " + i + ", round " + round);
            }
            assertEquals("bye", inbox.nextText(), "the last one, round " + round);
            c.close();
            inbox.awaitClosed();
        }
    }

    /** {@code size} bytes: the source, then the bytes of the seeded random sequence {@code i}. */
    private static byte[] tagged(byte source, int i, int size) {
        byte[] b = Frames.random(size, source * 100_000L + i);
        b[0] = source;
        return b;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A server that renegotiates TLS 1.2 after the 101 (each one a full handshake on our loop): the client drops it. */
    @Test
    void aServerRenegotiatingTls12IsDropped(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        io.wsboot.support.KeyStores.Identity id = io.wsboot.support.KeyStores.selfSigned(dir, "dns:localhost,ip:127.0.0.1");
        javax.net.ssl.SSLServerSocket ss = (javax.net.ssl.SSLServerSocket) id.context().getServerSocketFactory().createServerSocket(0);
        ss.setEnabledProtocols(new String[] {"TLSv1.2"});
        CompletableFuture<Boolean> renegotiated = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (ss; javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ss.accept()) {
                s.setSoTimeout(5000);
                java.io.InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.read());
                }
                String key = head.toString().lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                        .findFirst().orElseThrow().substring(18).trim();
                s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + io.wsboot.handshake.HandshakeResponses.acceptKey(key) + "\r\n\r\n").getBytes());
                s.getOutputStream().flush();
                Thread.sleep(200); // the client is on its loop by now
                s.startHandshake();
                s.getOutputStream().write(Frames.raw(true, 0, 1, "after".getBytes(), false, 5));
                s.getOutputStream().flush();
                renegotiated.complete(in.read() >= 0);
            } catch (Exception e) {
                renegotiated.complete(false);
            }
        });
        t.setDaemon(true);
        t.start();
        ClientConfig cfg = config().trustPem(id.certPem()).build();
        WsClient c = WsClient.connect(URI.create("wss://localhost:" + ss.getLocalPort() + "/"), cfg, Map.of());
        Inbox inbox = new Inbox();
        c.readLoopAsync(inbox);
        inbox.awaitClosed();
        assertFalse(renegotiated.get(10, TimeUnit.SECONDS), "the renegotiation did not go through");
        assertTrue(inbox.messages.isEmpty(), "nothing read after it");
    }
}
