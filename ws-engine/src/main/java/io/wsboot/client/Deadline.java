package io.wsboot.client;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A bound on a whole blocking operation (connecting with TLS, the opening handshake, reading a refusal),
 * not on each read: a socket timeout restarts with every byte, so a server that trickles one
 * byte at a time would hold the caller for as long as it likes. At the deadline the socket is
 * closed, which fails the blocked read or write at once. One daemon thread serves every client.
 */
final class Deadline implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ws-client-deadlines");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> task;
    private volatile boolean expired;

    private Deadline(long nanos, Runnable onExpiry) {
        this.task = TIMER.schedule(() -> {
            expired = true;
            onExpiry.run();
        }, Math.max(1, nanos), TimeUnit.NANOSECONDS);
    }

    /** Closes {@code socket} once {@code timeout} has passed, unless {@link #close()}d first. */
    static Deadline closing(Duration timeout, Closeable socket) {
        return new Deadline(timeout.toNanos(), () -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed already
            }
        });
    }

    /** A blocking step on a socket. */
    interface Step {
        void run() throws IOException;
    }

    /**
     * Runs {@code step} within {@code left}, closing {@code socket} if it takes longer; a failure
     * after the deadline reports the timeout, {@code what} not done within {@code timeout}.
     */
    static void within(Duration left, Closeable socket, String what, Duration timeout, Step step) throws IOException {
        Deadline d = closing(left, socket);
        try {
            step.run();
        } catch (IOException e) {
            throw d.failure(e, what, timeout);
        } finally {
            d.close();
        }
    }

    /**
     * What a failure of the bounded operation means: the deadline's timeout when it expired (the
     * failure is the socket it closed), else the failure itself.
     */
    IOException failure(IOException e, String what, Duration timeout) {
        if (!expired) {
            return e;
        }
        SocketTimeoutException t = new SocketTimeoutException(what + " not done within " + timeout);
        t.initCause(e);
        return t;
    }

    /** The operation ended in time: the deadline is off. */
    @Override
    public void close() {
        task.cancel(false);
    }
}
