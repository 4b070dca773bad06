package io.wsboot.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Event loops that many {@link WsClient}s share for reading: each connection is watched by one
 * loop's selector instead of blocking a thread of its own, and its messages are dispatched on
 * that loop's thread. Worth it from a handful of connections up: one thread serving sixteen
 * connections wakes once for all that are ready, where sixteen read threads wake one by one.
 *
 * <pre>{@code
 * ClientEventLoops loops = ClientEventLoops.create(2);
 * ClientConfig config = ClientConfig.builder().eventLoops(loops).build();
 * WsClient c = WsClient.connect(URI.create("ws://host:9223/feed"), config, Map.of());
 * c.readLoopAsync(message -> ...);   // runs on one of the loops
 * ...
 * loops.close();                     // closes the connections still open on them
 * }</pre>
 *
 * Handlers run on the loop: a handler that blocks delays every connection of its loop. Writes
 * stay blocking calls, safe from any thread; a write made on a loop thread never blocks it (what
 * the socket does not take at once is sent when it becomes writable). {@code wss://} connections
 * are served too, with TLS through an {@code SSLEngine}.
 */
public final class ClientEventLoops implements AutoCloseable {
    private static final AtomicInteger GROUPS = new AtomicInteger();
    private final ClientLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    private ClientEventLoops(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one event loop thread, was " + threads);
        }
        int group = GROUPS.incrementAndGet();
        loops = new ClientLoop[threads];
        try {
            for (int i = 0; i < threads; i++) {
                loops[i] = new ClientLoop(ClientLoop.NAME_PREFIX + group + "-" + i);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot open a selector", e);
        }
        for (ClientLoop l : loops) {
            l.thread().start();
        }
    }

    /** {@code threads} event loops (daemon threads). */
    public static ClientEventLoops create(int threads) {
        return new ClientEventLoops(threads);
    }

    /** One event loop per available core. */
    public static ClientEventLoops create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    public int size() {
        return loops.length;
    }

    /** The loop the next connection goes to: round robin. */
    ClientLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /**
     * Stops the loops. Connections still on them end as if the network dropped them (their
     * handlers' {@code close} runs, code 1006); close them first for a clean close handshake.
     */
    @Override
    public void close() {
        for (ClientLoop l : loops) {
            if (l != null) {
                l.shutdown();
            }
        }
        for (ClientLoop l : loops) {
            if (l != null && !l.inLoop()) {
                try {
                    l.thread().join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
