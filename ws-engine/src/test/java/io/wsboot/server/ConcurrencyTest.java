package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.Message;
import io.wsboot.frame.OpCode;
import io.wsboot.support.Frames;
import io.wsboot.support.JdkClient;
import io.wsboot.support.LocalServer;
import io.wsboot.support.RawClient;
import io.wsboot.support.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes from many threads, handlers on executors, blocked loops, stop from anywhere. */
class ConcurrencyTest {
    @RegisterExtension
    final LocalServer server = new LocalServer();


    @Test
    void writesFromManyThreadsKeepEachThreadsOrder() throws Exception {
        int threads = 4;
        int perThread = 2000;
        Recorder h = new Recorder() {
            @Override
            protected void onOpen(Conn conn) {
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    Thread th = new Thread(() -> {
                        for (int i = 0; i < perThread; i++) {
                            if (i % 2 == 0) {
                                conn.write(id + ":" + i);
                            } else {
                                conn.writeBin((id + ":" + i).getBytes());
                            }
                        }
                    });
                    th.start();
                }
            }
        };
        int port = server.start(WsServer.builder().handler("/w", h));
        JdkClient c = JdkClient.connect(port, "/w");
        int[] next = new int[threads];
        for (int n = 0; n < threads * perThread; n++) {
            String[] parts = c.next().text().split(":");
            int t = Integer.parseInt(parts[0]);
            assertEquals(next[t]++, Integer.parseInt(parts[1]), "order of thread " + t);
        }
        var stats = server.get().stats().get("/w");
        assertEquals(threads * perThread, stats.messagesSent(OpCode.TEXT) + stats.messagesSent(OpCode.BINARY),
                "writes from other threads are counted");
        c.ws.sendClose(1000, "").join();
        assertEquals(1000, h.awaitClosed().closeCode());
        h.assertClean();
    }

    @Test
    void bigWritesFromAnotherThreadToASlowReaderAreQueuedIntact() throws Exception {
        byte[] big = Frames.random(3 << 20, 9);
        CountDownLatch written = new CountDownLatch(1);
        Recorder h = new Recorder() {
            @Override
            protected void onOpen(Conn conn) {
                new Thread(() -> {
                    for (int i = 0; i < 8; i++) {
                        conn.writeBin(big); // 24 MiB: far more than the socket buffers hold
                    }
                    conn.write("end");
                    written.countDown();
                }).start();
            }
        };
        int port = server.start(WsServer.builder().maxQueuedBytes(64 << 20).handler("/big", h));
        try (RawClient c = RawClient.open(port, "/big")) {
            assertTrue(written.await(10, TimeUnit.SECONDS), "writes never block the writer");
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(big, c.readFrame().payload());
            }
            assertEquals("end", c.readFrame().text());
        }
        h.assertClean();
    }

    @Test
    void writesRacingCloseFromOtherThreadsAreSafe() throws Exception {
        Recorder h = new Recorder() {
            @Override
            protected void onOpen(Conn conn) {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                for (int t = 0; t < 4; t++) {
                    int id = t;
                    pool.execute(() -> {
                        for (int i = 0; i < 5000; i++) {
                            if (id == 3 && i == 2000) {
                                conn.close(4002, "racing");
                            }
                            conn.write("x" + i);
                        }
                    });
                }
                pool.shutdown();
            }
        };
        int port = server.start(WsServer.builder().handler("/r", h));
        for (int round = 0; round < 5; round++) {
            JdkClient c = JdkClient.connect(port, "/r");
            assertEquals(4002, c.awaitClose().code());
            assertEquals(4002, h.awaitClosed().closeCode());
        }
        h.assertClean();
    }

    @Test
    void executorModeRunsBlockingHandlersWithoutStallingOthers() throws Exception {
        Recorder h = new Recorder() {
            @Override
            protected void onMessage(Conn conn, Message message) throws Exception {
                if (message.text().equals("slow")) {
                    Thread.sleep(1500);
                }
                conn.write(message.text());
            }
        };
        int port = server.start(WsServer.builder().eventLoops(1).offloadHandlers().handler("/e", h));
        JdkClient slow = JdkClient.connect(port, "/e");
        JdkClient fast = JdkClient.connect(port, "/e");
        slow.ws.sendText("slow", true).join();
        for (int i = 0; i < 300; i++) {
            slow.ws.sendText("after " + i, true).join();
        }
        long t0 = System.nanoTime();
        fast.ws.sendText("quick", true).join();
        assertEquals("quick", fast.next().text());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, "the other connection waited " + ms + " ms");
        assertEquals("slow", slow.next().text());
        for (int i = 0; i < 300; i++) {
            assertEquals("after " + i, slow.next().text(), "order within a connection");
        }
        slow.ws.sendClose(1000, "").join();
        fast.ws.sendClose(1000, "").join();
        assertEquals(1000, slow.awaitClose().code());
        assertEquals(1000, fast.awaitClose().code());
        h.assertClean();
    }

    @Test
    void executorModeRejectsAndOpensFromTheExecutor() throws Exception {
        List<String> threadNames = new ArrayList<>();
        Recorder h = new Recorder() {
            @Override
            protected void onInit(io.wsboot.Handshake handshake, Conn conn) throws Exception {
                synchronized (threadNames) {
                    threadNames.add(Thread.currentThread().getName());
                }
                Thread.sleep(50); // e.g. a token lookup in a database
                if (handshake.queryParam("ok") == null) {
                    throw io.wsboot.HandshakeRejection.forbidden("no");
                }
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "app-pool"));
        try {
            int port = server.start(WsServer.builder().handlerExecutor(pool).handler("/x", h));
            assertEquals(403, RawClient.exchange(port, RawClient.request("/x").getBytes()).status());
            try (RawClient c = RawClient.open(port, "/x?ok")) {
                c.send(Frames.client(OpCode.TEXT, "hi"));
                assertEquals("hi", c.readFrame().text());
            }
            assertEquals(List.of("app-pool", "app-pool"), threadNames);
        } finally {
            server.get().stop();
            pool.shutdown();
        }
        h.assertClean();
    }

    @Test
    void aHandlerBlockingTheLoopIsReportedByName() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Logger jul = Logger.getLogger("io.wsboot.server.LoopWatchdog");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try {
            Recorder blocking = new Recorder() {
                @Override
                protected void onMessage(Conn conn, Message message) throws Exception {
                    Thread.sleep(400);
                    conn.write("done");
                }
            };
            int port = server.start(WsServer.builder().loopBlockWarning(Duration.ofMillis(100)).handler("/blocking", blocking));
            JdkClient c = JdkClient.connect(port, "/blocking");
            c.ws.sendText("go", true).join();
            assertEquals("done", c.next().text());
            synchronized (records) {
                assertEquals(1, records.size(), "one warning per stuck call");
                String msg = records.get(0).getMessage();
                assertTrue(msg.contains("/blocking"), msg);
                assertTrue(msg.contains("ws-loop-"), msg);
                assertTrue(records.get(0).getThrown().getStackTrace().length > 0, "the loop's stack is attached");
            }
        } finally {
            jul.removeHandler(capture);
        }
    }

    @Test
    void stopFromInsideAHandlerDoesNotDeadlock() throws Exception {
        Recorder h = new Recorder() {
            @Override
            protected void onMessage(Conn conn, Message message) {
                server.get().stop();
            }
        };
        int port = server.start(WsServer.builder().handler("/s", h));
        JdkClient c = JdkClient.connect(port, "/s");
        c.ws.sendBinary(ByteBuffer.wrap(new byte[] {1}), true).join();
        assertEquals(1001, c.awaitClose().code());
        server.get().stopAsync(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        assertEquals(0, server.get().connectionCount());
        h.assertClean();
    }

    @Test
    void manyConnectionsOnSeveralLoops() throws Exception {
        Recorder h = new Recorder();
        int port = server.start(WsServer.builder().eventLoops(3).handler("/m", h));
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            clients.add(RawClient.open(port, "/m"));
        }
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).send(Frames.client(OpCode.TEXT, "c" + i));
        }
        for (int i = 0; i < clients.size(); i++) {
            assertEquals("c" + i, clients.get(i).readFrame().text());
            clients.get(i).close();
        }
        h.assertClean();
        assertEquals(300, h.byConn.size());
    }
}
