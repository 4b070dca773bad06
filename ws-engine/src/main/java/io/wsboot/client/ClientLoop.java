package io.wsboot.client;

import io.wsboot.session.MessageView;
import io.wsboot.session.Session;
import io.wsboot.session.SessionTimers;
import io.wsboot.transport.BufferPool;
import io.wsboot.transport.EventLoop;
import io.wsboot.transport.MemoryBudget;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A transport {@link EventLoop} that reads client sessions: one of the shared
 * {@link ClientEventLoops} (a daemon thread of its own), or one connection's own loop, run by the
 * thread that reads it (its read loop) and ended with that connection.
 */
final class ClientLoop extends EventLoop {
    /** Shared loop threads are named from this. */
    static final String NAME_PREFIX = "ws-client-loop-";
    /** Clients have no server-wide memory budget: each connection's own bounds hold. */
    private static final long NO_LIMIT = Long.MAX_VALUE;
    private static final long QUIET_NANOS = 1_000_000_000L;

    /** Ends with its only connection. */
    final boolean single;
    /** The message handed to handlers: one per loop, re-pointed at each message. */
    final MessageView message = new MessageView(readBuffer);
    /** The sessions' close timeouts, by close-timeout (connections on a shared loop may differ). Loop only. */
    private final Map<Duration, SessionTimers> timers = new HashMap<>();
    /** TLS records of wss:// connections; made at the first. Loop only. */
    private BufferPool tls;
    /** A loop of one connection watches for it to go quiet; buffers taken from its pools when it last looked. */
    private boolean watching;
    private long usesSeen;

    /** A shared loop. */
    ClientLoop(String name) throws IOException {
        super(name, true, new MemoryBudget(NO_LIMIT), false);
        this.single = false;
    }

    /**
     * One connection's loop, with no thread until its reader runs it ({@link #runHere}); TLS ones
     * get heap buffers (the JDK's SSLEngine works on them in place).
     */
    ClientLoop(String name, boolean tls, int readBufferSize) throws IOException {
        super(name, new MemoryBudget(NO_LIMIT), tls, readBufferSize, 1);
        this.single = true;
    }

    SessionTimers timers(Duration closeTimeout) {
        return timers.computeIfAbsent(closeTimeout, t -> new SessionTimers(this, t));
    }

    /** The pool of TLS record buffers, at least {@code packetSize} bytes each. Loop only. */
    BufferPool tlsPool(int packetSize) {
        if (tls == null || tls.bufferSize() < packetSize) {
            tls = new BufferPool(packetSize, false, single ? 1 : 64, budget);
        }
        return tls;
    }

    /**
     * A loop of one connection, from a message on: once it has gone quiet (no buffer taken for a
     * second), it gives back the buffers it keeps for the next burst (an output chunk, a TLS
     * record, a grown message buffer), so an idle connection holds only its read buffer; then it
     * stops looking until the next message. Loop only.
     */
    void trimWhenQuiet(Session session) {
        if (!watching) {
            watching = true;
            usesSeen = -1;
            schedule(() -> lookQuiet(session), QUIET_NANOS);
        }
    }

    private void lookQuiet(Session session) {
        long uses = chunks.acquisitions() + (tls == null ? 0 : tls.acquisitions());
        if (uses != usesSeen && !session.hasEnded()) {
            usesSeen = uses;
            schedule(() -> lookQuiet(session), QUIET_NANOS);
            return;
        }
        chunks.trim();
        if (tls != null) {
            tls.trim();
        }
        session.trimBuffers();
        watching = false;
    }

    /** A budget for what a connection holds before any loop serves it (its TLS handshake). */
    static MemoryBudget unlimited() {
        return new MemoryBudget(NO_LIMIT);
    }
}
