package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.PathStats;
import io.wsboot.ServerObserver;
import io.wsboot.ServerObserver.ConnectionObserver;
import io.wsboot.ServerObserver.HandlerCall;
import io.wsboot.frame.OpCode;
import io.wsboot.support.Frames;
import io.wsboot.support.RawClient;
import io.wsboot.support.Recorder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A path's connection observer follows each connection from its routing to its end: every
 * handler call bracketed on the thread that runs it, and exactly one end (rejected or closed),
 * with handlers on the loop and on an executor alike.
 */
class ConnectionObserverTest {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Records one connection's events as "tag event"; checks that calls nest properly and return on their thread. */
    ConnectionObserver recording(String tag, Handshake handshake) {
        return new ConnectionObserver() {
            Thread callThread;
            boolean ended;

            void add(String event) {
                if (ended) {
                    violations.add(tag + " " + event + " after the end");
                }
                events.add(tag + " " + event);
            }

            @Override
            public void opened(Conn conn) {
                add("opened " + handshake.path());
            }

            @Override
            public void rejected(ServerObserver.RejectReason reason, int status) {
                add("rejected " + reason + " " + status);
                ended = true;
            }

            @Override
            public void closed(int code) {
                if (callThread != null) {
                    violations.add(tag + " closed inside a call");
                }
                add("closed " + code);
                ended = true;
            }

            @Override
            public void calling(HandlerCall call, Message message) {
                if (callThread != null) {
                    violations.add(tag + " " + call + " inside another call");
                }
                callThread = Thread.currentThread();
                add(call + (message == null ? "" : " " + message.text()));
            }

            @Override
            public void returned(Throwable error) {
                if (callThread != Thread.currentThread()) {
                    violations.add(tag + " returned on another thread");
                }
                callThread = null;
                add("returned" + (error == null ? "" : " " + error.getMessage()));
            }
        };
    }

    ServerObserver observer(String tag) {
        return new ServerObserver() {
            @Override
            public PathObserver path(String path, PathStats stats) {
                return new PathObserver() {
                    @Override
                    public ConnectionObserver connection(Handshake handshake) {
                        return recording(tag, handshake);
                    }
                };
            }
        };
    }

    /** The events up to and including the next end (rejected or closed). */
    List<String> untilEnd() throws InterruptedException {
        List<String> got = new ArrayList<>();
        while (true) {
            String e = events.poll(5, TimeUnit.SECONDS);
            assertNotNull(e, "no end after " + got);
            got.add(e);
            if (e.contains(" rejected ") || e.contains(" closed ")) {
                return got;
            }
        }
    }

    final CountDownLatch initMayReturn = new CountDownLatch(1);
    final Recorder handler = new Recorder() {
        @Override
        protected void onInit(Handshake handshake, Conn conn) throws Exception {
            if ("no".equals(handshake.queryParam("x"))) {
                throw HandshakeRejection.forbidden("not you");
            }
            if ("slow".equals(handshake.queryParam("x"))) {
                initMayReturn.await(5, TimeUnit.SECONDS);
            }
        }

        @Override
        protected void onMessage(Conn conn, Message message) {
            if (message.text().equals("boom")) {
                throw new IllegalStateException("boom");
            }
            conn.writeFrame(message.type(), message.data());
        }
    };

    @ParameterizedTest(name = "handlers on an executor: {0}")
    @ValueSource(booleans = {false, true})
    void followsEachConnectionToItsOneEnd(boolean executor) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        WsServer.Builder b = WsServer.builder().port(0).address("127.0.0.1").loopBlockWarning(Duration.ZERO)
                .allowedOrigins("https://good.example").handler("/a", handler)
                .observer(ServerObserver.composite(List.of(observer("first"), observer("second"))));
        if (executor) {
            b.handlerExecutor(pool);
        }
        WsServer server = b.start();
        try {
            try (RawClient c = RawClient.open(server.port(), "/a")) {
                c.send(Frames.client(OpCode.TEXT, "hello"));
                c.readFrame();
                c.send(Frames.client(OpCode.CLOSE, Frames.closePayload(1000, "")));
                c.readFrame();
            }
            List<String> both = untilEnd();
            both.addAll(untilEnd());
            assertEquals(List.of("first INIT", "second INIT", "second returned", "first returned",
                    "first opened /a", "second opened /a",
                    "first AFTER_INIT", "second AFTER_INIT", "second returned", "first returned",
                    "first MESSAGE hello", "second MESSAGE hello", "second returned", "first returned",
                    "first CLOSE", "second CLOSE", "second returned", "first returned",
                    "first closed 1000", "second closed 1000"), both);

            try (RawClient c = RawClient.open(server.port(), "/a")) {
                c.send(Frames.client(OpCode.TEXT, "boom"));
                assertEquals(1011, c.readClose().closeCode());
            }
            List<String> first = firstOnly(2);
            assertEquals(List.of("first INIT", "first returned", "first opened /a", "first AFTER_INIT", "first returned",
                    "first MESSAGE boom", "first returned boom", "first CLOSE", "first returned", "first closed 1011"), first);

            assertEquals(403, RawClient.exchange(server.port(), RawClient.request("/a?x=no").getBytes()).status());
            assertEquals(List.of("first INIT", "first returned not you", "first rejected FORBIDDEN 403"), firstOnly(2));

            // refused before init: seen, though no handler call ran
            assertEquals(403, RawClient.exchange(server.port(), RawClient.request("/a", "Origin: https://evil.example").getBytes()).status());
            assertEquals(List.of("first rejected ORIGIN_NOT_ALLOWED 403"), firstOnly(2));

            // no handler path: no connection to follow
            assertEquals(404, RawClient.exchange(server.port(), RawClient.request("/none").getBytes()).status());

            // the client leaves while init runs: the end is a 1006, and nothing after it
            RawClient gone = RawClient.connect(server.port());
            gone.send(RawClient.request("/a?x=slow").getBytes());
            assertEquals("first INIT", events.poll(5, TimeUnit.SECONDS));
            assertEquals("second INIT", events.poll(5, TimeUnit.SECONDS));
            gone.close();
            Thread.sleep(100);
            initMayReturn.countDown();
            // whether the server saw the client go before init returned or only after it opened
            List<String> rest = firstOnly(2);
            assertEquals("first returned", rest.get(0), rest.toString());
            assertEquals("first closed 1006", rest.get(rest.size() - 1), rest.toString());
        } finally {
            initMayReturn.countDown();
            server.stop();
            pool.shutdownNow();
        }
        assertEquals(List.of(), violations);
    }

    /** The first observer's events up to its end, dropping the second's ({@code observers} ends in all). */
    List<String> firstOnly(int observers) throws InterruptedException {
        List<String> first = null;
        for (int i = 0; i < observers; i++) {
            List<String> got = untilEnd();
            if (first == null) {
                first = new ArrayList<>();
            }
            got.stream().filter(e -> e.startsWith("first ")).forEach(first::add);
        }
        return first;
    }

    @org.junit.jupiter.api.Test
    void pathsThatDoNotWatchCostNothing() {
        ServerObserver quiet = new ServerObserver() {
        };
        ServerObserver.PathObserver composite = ServerObserver.composite(List.of(quiet, quiet)).path("/a", null);
        assertEquals(ConnectionObserver.NOOP, composite.connection(null));
        ConnectionObserver one = ServerObserver.composite(List.of(quiet, observer("x"))).path("/a", null).connection(null);
        assertTrue(one != ConnectionObserver.NOOP && !one.getClass().getSimpleName().contains("Composite"));
    }
}
