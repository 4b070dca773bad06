package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.SendStatus;
import io.wsboot.client.ClientConfig;
import io.wsboot.client.ClientHandler;
import io.wsboot.client.WsClient;
import io.wsboot.support.LocalServer;
import io.wsboot.support.RawClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Back-pressure an application can see, on server and client: what is queued, a send that says
 * it passed the high mark, the drained call at the low mark, and reading paused and resumed.
 */
class BackPressureTest {
    private static final int HIGH = 64 * 1024;
    private static final int LOW = 16 * 1024;
    private static final byte[] CHUNK = new byte[8 * 1024];

    @RegisterExtension
    final LocalServer server = new LocalServer();

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /**
     * A producer that stops at the high mark and goes on when drained: "go" sends 8 KiB chunks
     * until a send reports BUFFERED; drained sends one "drained <bufferedAmount>" text.
     */
    private static class Producer implements Handler {
        final CompletableFuture<Conn> conn = new CompletableFuture<>();
        final AtomicInteger drains = new AtomicInteger();
        final BlockingQueue<Long> bufferedAtStop = new LinkedBlockingQueue<>();
        volatile String drainedOn;

        @Override
        public void afterInit(Conn c) {
            conn.complete(c);
        }

        @Override
        public void handle(Conn c, Message m) {
            produce(c);
        }

        void produce(Conn c) {
            SendStatus st;
            do {
                st = c.sendBinary(CHUNK);
            } while (st == SendStatus.SENT);
            assertEquals(SendStatus.BUFFERED, st, "accepted past the high mark, not refused");
            bufferedAtStop.add(c.bufferedAmount());
        }

        @Override
        public void drained(Conn c) {
            drains.incrementAndGet();
            drainedOn = Thread.currentThread().getName();
            c.write("drained " + c.bufferedAmount());
        }
    }

    private WsServer.Builder marks() {
        return WsServer.builder().writeBufferHighMark(HIGH).writeBufferLowMark(LOW);
    }

    @ParameterizedTest(name = "handlers on the executor: {0}")
    @ValueSource(booleans = {false, true})
    void aSendPastTheHighMarkSaysSoAndTheHandlerHearsWhenItDrained(boolean offloaded) throws Exception {
        Producer producer = new Producer();
        WsServer.Builder b = marks().handler("/p", producer);
        int port = server.start(offloaded ? b.offloadHandlers() : b);
        try (RawClient peer = RawClient.open(port, "/p")) {
            peer.send(io.wsboot.support.Frames.client(io.wsboot.frame.OpCode.TEXT, "go"));
            long stoppedAt = producer.bufferedAtStop.poll(10, TimeUnit.SECONDS);
            assertTrue(stoppedAt > HIGH, "stopped past the high mark: " + stoppedAt);
            assertTrue(stoppedAt <= HIGH + 2 * CHUNK.length + 64, "stopped at the first send past it: " + stoppedAt);
            // the peer reads everything: the queue drains, the handler is told once
            long got = 0;
            String drained = null;
            while (drained == null) {
                RawClient.Frame f = peer.readFrame();
                if (f.opcode() == 1) {
                    drained = f.text();
                } else {
                    got += f.payload().length;
                }
            }
            assertTrue(got >= stoppedAt - 64, "every chunk arrived before the drained note: " + got);
            long left = Long.parseLong(drained.substring("drained ".length()));
            assertTrue(left <= LOW, "drained at or under the low mark: " + left);
            assertEquals(1, producer.drains.get());
            assertEquals(offloaded, !producer.drainedOn.startsWith("ws-loop"), "drained runs where the handler's calls run");
        }
    }

    @Test
    void aThreadOffTheLoopProducesUntilBufferedAndResumesOnDrained() throws Exception {
        CountDownLatch drained = new CountDownLatch(1);
        Producer producer = new Producer() {
            @Override
            public void drained(Conn c) {
                drained.countDown();
            }
        };
        int port = server.start(marks().handler("/p", producer));
        try (RawClient peer = RawClient.open(port, "/p")) {
            Conn c = producer.conn.get(5, TimeUnit.SECONDS);
            SendStatus st = SendStatus.SENT;
            int sent = 0;
            while (st == SendStatus.SENT) {
                // far more than the socket buffers take, if nothing stopped us
                st = c.sendBinary(CHUNK);
                sent++;
                assertTrue(sent < 100_000, "never reported BUFFERED");
            }
            assertEquals(SendStatus.BUFFERED, st);
            assertTrue(c.bufferedAmount() > HIGH);
            long expected = (long) sent * CHUNK.length;
            long got = 0;
            while (got < expected) {
                got += peer.readFrame().payload().length;
            }
            assertTrue(drained.await(5, TimeUnit.SECONDS), "drained once the peer read");
            await(() -> c.bufferedAmount() == 0, "nothing left queued");
            c.close();
            await(() -> !c.isOpen(), "closing");
            assertEquals(SendStatus.REFUSED, c.sendBinary(CHUNK), "a closing connection refuses");
            assertEquals(SendStatus.REFUSED, c.send("late"));
        }
    }

    @Test
    void aSendPastMaxQueuedBytesIsRefusedAndClosesTheConnection() throws Exception {
        Producer producer = new Producer();
        int port = server.start(marks().maxQueuedBytes(256 * 1024).writeTimeout(Duration.ZERO).handler("/p", producer));
        try (RawClient peer = RawClient.open(port, "/p")) {
            Conn c = producer.conn.get(5, TimeUnit.SECONDS);
            SendStatus st;
            int i = 0;
            do {
                st = c.sendBinary(CHUNK);
                assertTrue(++i < 100_000, "never refused");
            } while (st != SendStatus.REFUSED);
            await(() -> c.closeCode() == 1008, "closed as a slow consumer");
        }
    }

    /** Pauses reading on "pause" (answering "paused"), and records what it gets. */
    private static final class Pausing implements Handler {
        final CompletableFuture<Conn> conn = new CompletableFuture<>();
        final BlockingQueue<String> got = new LinkedBlockingQueue<>();

        @Override
        public void afterInit(Conn c) {
            conn.complete(c);
        }

        @Override
        public void handle(Conn c, Message m) {
            String t = m.text();
            if (t.equals("pause")) {
                c.pauseReading();
                c.write("paused");
            } else {
                got.add(t.length() > 100 ? "big" : t);
            }
        }
    }

    @ParameterizedTest(name = "handlers on the executor: {0}")
    @ValueSource(booleans = {false, true})
    void aPausedConnectionIsNotReadUntilResumedAndLosesNothing(boolean offloaded) throws Exception {
        Pausing handler = new Pausing();
        // an idle timeout shorter than the pause: the pause is ours, not the peer's silence
        WsServer.Builder b = WsServer.builder().idleTimeout(Duration.ofSeconds(1)).handler("/p", handler);
        int port = server.start(offloaded ? b.offloadHandlers() : b);
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        try (WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/p"), ClientConfig.defaults(), Map.of())) {
            client.readLoopAsync(m -> replies.add(m.text()));
            client.writeText("pause");
            assertEquals("paused", replies.poll(5, TimeUnit.SECONDS));
            for (int i = 0; i < 20; i++) {
                client.writeText("m" + i);
            }
            assertNull(handler.got.poll(2500, TimeUnit.MILLISECONDS), "nothing is read while paused");
            assertTrue(client.isOpen(), "no idle timeout while the application holds reading");
            handler.conn.get().resumeReading(); // from the test's thread
            for (int i = 0; i < 20; i++) {
                assertEquals("m" + i, handler.got.poll(5, TimeUnit.SECONDS), "in order, none lost");
            }
        }
    }

    @Test
    void aPausedPeerBacksUpIntoItsOwnSocketNotTheServersMemory() throws Exception {
        Pausing handler = new Pausing();
        int port = server.start(WsServer.builder().handler("/p", handler));
        try (RawClient peer = RawClient.open(port, "/p")) {
            peer.send(io.wsboot.support.Frames.client(io.wsboot.frame.OpCode.TEXT, "pause"));
            assertEquals("paused", peer.readFrame().text());
            long before = server.get().bufferedBytes();
            // the peer writes until its socket blocks: TCP holds it, the server reads nothing
            byte[] frame = io.wsboot.support.Frames.client(io.wsboot.frame.OpCode.TEXT, "y".repeat(16_000));
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 4000; i++) {
                        peer.send(frame);
                    }
                } catch (Exception e) {
                    // the socket closed at the end of the test
                }
            });
            writer.setDaemon(true);
            writer.start();
            Thread.sleep(1000);
            assertTrue(writer.isAlive(), "64 MB did not fit: the peer's writes are held back");
            assertTrue(handler.got.isEmpty());
            assertTrue(server.get().bufferedBytes() - before < 1 << 20, "the server holds none of it");
            handler.conn.get().resumeReading();
            await(() -> handler.got.size() > 100, "read again after resume");
        }
    }

    // ------------------------------------------------------------------ the client

    /** The server pauses its side at once, so the client's queue grows; resumes on demand. */
    private static final class Sink implements Handler {
        final CompletableFuture<Conn> conn = new CompletableFuture<>();
        final AtomicInteger bytes = new AtomicInteger();

        @Override
        public void afterInit(Conn c) {
            c.pauseReading();
            conn.complete(c);
        }

        @Override
        public void handle(Conn c, Message m) {
            bytes.addAndGet(m.data().remaining());
        }
    }

    @ParameterizedTest(name = "shared client loops: {0}")
    @ValueSource(booleans = {false, true})
    void aClientSendPastTheHighMarkSaysSoAndItsHandlerHearsWhenItDrained(boolean sharedLoops) throws Exception {
        Sink sink = new Sink();
        int port = server.start(WsServer.builder().handler("/sink", sink));
        io.wsboot.client.ClientEventLoops loops = sharedLoops ? io.wsboot.client.ClientEventLoops.create(1) : null;
        ClientConfig cfg = ClientConfig.builder().writeBufferHighMark(HIGH).writeBufferLowMark(LOW).eventLoops(loops).build();
        CountDownLatch drained = new CountDownLatch(1);
        try (WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/sink"), cfg, Map.of())) {
            client.readLoopAsync(new ClientHandler() {
                @Override
                public void handle(io.wsboot.Message m) {
                }

                @Override
                public void drained() {
                    drained.countDown();
                }
            });
            sink.conn.get(5, TimeUnit.SECONDS);
            SendStatus st;
            int sent = 0;
            do {
                st = client.sendBinary(ByteBuffer.wrap(CHUNK)); // never waits, unlike writeBin
                assertTrue(++sent < 100_000, "never reported BUFFERED");
            } while (st == SendStatus.SENT);
            assertEquals(SendStatus.BUFFERED, st);
            assertTrue(client.bufferedAmount() > HIGH, "queued: " + client.bufferedAmount());
            sink.conn.get().resumeReading();
            assertTrue(drained.await(10, TimeUnit.SECONDS), "the client's handler heard the queue drained");
            long expected = (long) sent * CHUNK.length;
            await(() -> sink.bytes.get() == expected, "every byte arrived");
        } finally {
            if (loops != null) {
                loops.close();
            }
        }
    }

    @Test
    void aPausedClientReadsNothingUntilResumed() throws Exception {
        CompletableFuture<Conn> serverSide = new CompletableFuture<>();
        int port = server.start(WsServer.builder().handler("/c", new Handler() {
            @Override
            public void afterInit(Conn c) {
                serverSide.complete(c);
            }

            @Override
            public void handle(Conn c, Message m) {
            }
        }));
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/c"), ClientConfig.defaults(), Map.of())) {
            client.pauseReading(); // before reading starts: the loop takes it over paused
            client.readLoopAsync(m -> got.add(m.text()));
            Conn c = serverSide.get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                c.write("s" + i);
            }
            assertNull(got.poll(500, TimeUnit.MILLISECONDS), "a paused client reads nothing");
            client.resumeReading();
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                all.add(got.poll(5, TimeUnit.SECONDS));
            }
            assertEquals(List.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"), all);
            client.pauseReading(); // from a thread that is not the loop
            Thread.sleep(100);
            c.write("later");
            assertNull(got.poll(500, TimeUnit.MILLISECONDS));
            client.resumeReading();
            assertEquals("later", got.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSubscribeBeyondMaxSubscriptionsIsRefusedAndTheConnectionStays() throws Exception {
        CompletableFuture<Conn> conn = new CompletableFuture<>();
        int port = server.start(WsServer.builder().maxSubscriptions(3).handler("/t", new Handler() {
            @Override
            public void afterInit(Conn c) {
                conn.complete(c);
            }

            @Override
            public void handle(Conn c, Message m) {
            }
        }));
        try (RawClient peer = RawClient.open(port, "/t")) {
            Conn c = conn.get(5, TimeUnit.SECONDS);
            assertTrue(c.subscribe("a") && c.subscribe("b") && c.subscribe("c"));
            assertTrue(!c.subscribe("d"), "a fourth is refused");
            assertTrue(c.isOpen());
            assertTrue(c.unsubscribe("a"));
            assertTrue(c.subscribe("d"), "room again after leaving one");
            assertEquals(3, server.get().topics().subscriptionCount());
        }
    }
}
