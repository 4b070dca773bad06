package io.wsboot.server;

import io.wsboot.ServerObserver;
import io.wsboot.frame.OpCode;
import io.wsboot.support.Frames;
import io.wsboot.support.LocalServer;
import io.wsboot.support.RawClient;
import io.wsboot.support.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An Error on an event loop never leaves the port deaf: a failed turn (out of memory, even in the
 * error path itself) ends that turn, not the loop; a loop that ends anyway is reported, passed
 * over by the acceptor, and does not keep the server from stopping.
 */
class EventLoopFailureTest {
    private final Recorder echo = new Recorder();

    @RegisterExtension
    final LocalServer server = new LocalServer();

    /** Every loop still answers: enough connections that the acceptor deals some to each. */
    private static void everyLoopAnswers(int port) throws IOException {
        for (int i = 0; i < 6; i++) {
            try (RawClient c = RawClient.open(port, "/echo")) {
                c.send(Frames.client(OpCode.TEXT, "alive " + i));
                assertEquals("alive " + i, c.readFrame().text());
            }
        }
    }

    @Test
    void errorsEvenInTheErrorPathLeaveTheLoopsServing() throws Exception {
        // the metrics throw OutOfMemoryError when a connection opens, and again while it is closed
        // for that: what a heap that ran out does to the engine's own code
        AtomicInteger failuresLeft = new AtomicInteger(20);
        ServerObserver exhausted = new ServerObserver() {
            @Override
            public PathObserver path(String path, io.wsboot.PathStats stats) {
                return new PathObserver() {
                    @Override
                    public void opened(long handshakeNanos) {
                        if (failuresLeft.getAndDecrement() > 0) {
                            throw new OutOfMemoryError("simulated: Java heap space");
                        }
                    }

                    @Override
                    public void closed(int code) {
                        if (failuresLeft.get() > 0) {
                            throw new OutOfMemoryError("simulated: Java heap space, in the error path");
                        }
                    }
                };
            }
        };
        int port = server.start(WsServer.builder().eventLoops(2).observer(exhausted).handler("/echo", echo));
        for (int i = 0; i < 20; i++) {
            try (RawClient c = RawClient.connect(port)) {
                c.setTimeout(2000);
                c.send(RawClient.request("/echo").getBytes());
                c.isClosedByServer(); // the server drops it, one way or another
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (failuresLeft.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the last of them may still be on its way
        }
        everyLoopAnswers(port);
        assertEquals(List.of(), server.get().deadEventLoops());
    }

    @Test
    void aHandlerThatRunsOutOfMemoryLosesOnlyItsConnection() throws Exception {
        int port = server.start(WsServer.builder().eventLoops(2).handler("/echo", echo).handler("/greedy", (conn, m) -> {
            long[] tooMuch = new long[Integer.MAX_VALUE - 2]; // a real OutOfMemoryError: more than any heap
            conn.writeBin(new byte[tooMuch.length]);
        }));
        for (int i = 0; i < 10; i++) {
            try (RawClient c = RawClient.open(port, "/greedy")) {
                c.send(Frames.client(OpCode.TEXT, "allocate"));
                assertEquals(1011, c.readClose().closeCode());
            }
        }
        everyLoopAnswers(port);
        assertEquals(List.of(), server.get().deadEventLoops());
    }

    /** The selector of a loop, from the server's internals: closing it is how a loop ends against its will. */
    private static Selector selectorOf(WsServer s, int loop) throws Exception {
        Field engine = WsServer.class.getDeclaredField("engine");
        engine.setAccessible(true);
        Object e = engine.get(s);
        Field loops = e.getClass().getDeclaredField("loops");
        loops.setAccessible(true);
        Object l = ((Object[]) loops.get(e))[loop];
        Field selector = io.wsboot.transport.EventLoop.class.getDeclaredField("selector");
        selector.setAccessible(true);
        return (Selector) selector.get(l);
    }

    @Test
    void aLoopThatEndsIsReportedPassedOverAndDoesNotBlockTheStop() throws Exception {
        int port = server.start(WsServer.builder().eventLoops(2).handler("/echo", echo));
        everyLoopAnswers(port);
        selectorOf(server.get(), 1).close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.get().deadEventLoops().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of("ws-loop-1"), server.get().deadEventLoops());
        everyLoopAnswers(port); // new connections go to the loop that is left
        server.get().stopAsync(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        assertTrue(!server.get().isRunning());
    }
}
