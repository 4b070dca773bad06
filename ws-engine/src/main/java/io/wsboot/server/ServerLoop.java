package io.wsboot.server;

import io.wsboot.session.MessageView;
import io.wsboot.session.SessionTimers;
import io.wsboot.transport.BufferPool;
import io.wsboot.transport.DeadlineQueue;
import io.wsboot.transport.EventLoop;
import io.wsboot.transport.MemoryBudget;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * An event loop's server duties: the connections it adopted from the acceptor, the per-second
 * keep-alive pass, reclaiming memory when the server's budget is spent, the graceful stop, and
 * the marks the watchdog reads to name a handler that holds the loop.
 */
final class ServerLoop extends EventLoop {
    private static final VarHandle BUSY;
    private static final VarHandle BUSY_SEQ;
    private static final long KEEPALIVE_TICK = TimeUnit.SECONDS.toNanos(1);
    /** A reclaim looks again this long after it ran (the budget's own interval between reclaims, and a bit). */
    private static final long RECLAIM_RECHECK = TimeUnit.MILLISECONDS.toNanos(150);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            BUSY = l.findVarHandle(ServerLoop.class, "busy", Route.class);
            BUSY_SEQ = l.findVarHandle(ServerLoop.class, "busySeq", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ServerEngine engine;
    /** Position among the server's loops: the slot this loop counts into. */
    final int index;
    /** The flyweight handlers on this loop see messages through. */
    final MessageView message = new MessageView(readBuffer);
    final BufferPool assembly;
    /** TLS records on their way in or out (wss:// only); lent while a connection has some. */
    final BufferPool tls;
    final DeadlineQueue handshakes;
    final SessionTimers sessionTimers;
    /** This loop's subscribers of the server's topics. */
    final TopicRegistry.Members members;

    private ServerConnection[] conns = new ServerConnection[64];
    private int connCount;

    // read by the watchdog thread (opaque: ordering does not matter, cost does)
    @SuppressWarnings("unused")
    private Route busy;
    @SuppressWarnings("unused")
    private int busySeq;

    ServerLoop(ServerEngine engine, int index) throws IOException {
        super("ws-loop-" + index, false, engine.budget, engine.isTls());
        MemoryBudget budget = engine.budget;
        this.engine = engine;
        this.index = index;
        this.assembly = new BufferPool(engine.config.bufferSize(), false, 1024, budget);
        this.tls = engine.isTls() ? new BufferPool(engine.tlsPacketSize(), false, 64, budget) : null;
        this.handshakes = timeouts(engine.config.handshakeTimeout().toNanos(), n -> ((ServerConnection) n).onHandshakeTimeout());
        this.sessionTimers = new SessionTimers(this, engine.config.closeTimeout());
        this.members = new TopicRegistry.Members(engine.topics);
    }

    /** Takes over an accepted socket from {@code peer} (on this loop's thread). */
    void adopt(SocketChannel ch, InetAddress peer, boolean overLimit) {
        if (isStopping()) {
            refuse(ch, peer);
            return;
        }
        ServerConnection c = new ServerConnection(this, ch, peer, engine.nextId(), overLimit);
        try {
            c.key = register(ch, SelectionKey.OP_READ, c);
        } catch (IOException e) {
            refuse(ch, peer);
            return;
        }
        if (connCount == conns.length) {
            conns = Arrays.copyOf(conns, connCount * 2);
        }
        c.slot = connCount;
        conns[connCount++] = c;
        handshakes.add(c, System.nanoTime());
    }

    /** An accepted socket this loop will not serve: closed, and its counts undone. */
    private void refuse(SocketChannel ch, InetAddress peer) {
        closeQuietly(ch);
        engine.connectionClosed(peer);
        engine.handshakeEnded(peer);
    }

    void unregister(ServerConnection c) {
        int i = c.slot;
        if (i < 0) {
            return;
        }
        ServerConnection last = conns[--connCount];
        conns[i] = last;
        last.slot = i;
        conns[connCount] = null;
        c.slot = -1;
        if (conns.length > 64 && connCount < conns.length / 4) {
            conns = Arrays.copyOf(conns, conns.length / 2);
        }
    }

    int connectionCount() {
        return connCount;
    }

    /**
     * This loop's page of its {@code limit} oldest and {@code limit} busiest open connections, and
     * how many are open (on the loop). Two bounded heaps over the connections: only the ones shown
     * are described, so 10,000 connections cost a pass, not 10,000 descriptions and a sort.
     */
    ServerView page(int limit) {
        java.util.PriorityQueue<ServerConnection> oldest = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingLong(ServerConnection::openedAt).reversed());
        java.util.PriorityQueue<ServerConnection> busiest = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingLong(ServerConnection::messagesIn));
        int open = 0;
        for (int i = 0; i < connCount; i++) {
            ServerConnection c = conns[i];
            if (!c.isOpenSession()) {
                continue;
            }
            open++;
            keep(oldest, c, limit);
            keep(busiest, c, limit);
        }
        long now = System.nanoTime();
        return new ServerView(java.util.List.of(), open, describe(oldest, now), describe(busiest, now));
    }

    private static void keep(java.util.PriorityQueue<ServerConnection> top, ServerConnection c, int limit) {
        top.add(c);
        if (top.size() > limit) {
            top.poll();
        }
    }

    private static java.util.List<ServerView.Connection> describe(java.util.PriorityQueue<ServerConnection> top, long now) {
        java.util.List<ServerView.Connection> out = new java.util.ArrayList<>(top.size());
        for (ServerConnection c : top) {
            ServerView.Connection v = c.view(now);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    int chunksBorrowed() {
        return chunks.borrowedOpaque();
    }

    int assemblyBorrowed() {
        return assembly.borrowedOpaque();
    }

    int tlsBorrowed() {
        return tls == null ? 0 : tls.borrowedOpaque();
    }

    // --- keep-alive: one pass over this loop's connections per second ---

    void startKeepalive() {
        schedule(this::keepalive, KEEPALIVE_TICK);
    }

    private void keepalive() {
        long t = System.nanoTime();
        for (ServerConnection c : Arrays.copyOf(conns, connCount)) {
            try {
                c.keepalive(t);
            } catch (Throwable e) {
                failed(c, e);
            }
        }
        flushDirty();
        if (!isStopping()) {
            schedule(this::keepalive, KEEPALIVE_TICK);
        }
    }

    // --- memory: the server's budget spent, the biggest holders on this loop go first ---

    /**
     * Closes this loop's connections that hold the most of the server's buffered bytes (1013),
     * biggest first, until the budget is back under its low-water mark: the few that hold much
     * go before the many that hold little, and those that hold nothing are never touched.
     */
    void reclaim() {
        if (budget.used() <= budget.lowWater()) {
            return;
        }
        // what is taken while this runs, or within the interval that spares the loops repeated
        // reclaims, asks in vain: look again once the interval is over
        schedule(this::reclaimIfSpent, RECLAIM_RECHECK);
        for (int i = 0; i < connCount; i++) {
            conns[i].trimBuffers(); // buffers kept for the next large message go first: nobody loses anything
        }
        if (budget.used() <= budget.lowWater()) {
            return;
        }
        ServerConnection[] byHeld = Arrays.copyOf(conns, connCount);
        long[] held = new long[byHeld.length];
        Integer[] order = new Integer[byHeld.length];
        for (int i = 0; i < byHeld.length; i++) {
            held[i] = byHeld[i].held();
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(held[b], held[a]));
        for (Integer i : order) {
            if (budget.used() <= budget.lowWater() || held[i] == 0) {
                break;
            }
            byHeld[i].overBudget();
        }
        flushDirty();
    }

    private void reclaimIfSpent() {
        if (budget.spent()) {
            reclaim();
        }
    }

    // --- watchdog marks: which handler holds the loop ---

    void enter(Route r) {
        BUSY_SEQ.setOpaque(this, (int) BUSY_SEQ.getOpaque(this) + 1);
        BUSY.setOpaque(this, r);
    }

    void exit() {
        BUSY.setOpaque(this, (Route) null);
    }

    Route busyRoute() {
        return (Route) BUSY.getOpaque(this);
    }

    int busySeq() {
        return (int) BUSY_SEQ.getOpaque(this);
    }

    // --- stopping ---

    /** Starts the shutdown of this loop's connections (on the loop): 1001 to the open ones. */
    void beginStop(long deadlineNanos) {
        beginStopping(deadlineNanos);
        for (ServerConnection c : Arrays.copyOf(conns, connCount)) {
            c.onServerStop();
        }
        flushDirty();
    }

    @Override
    protected boolean drained() {
        return connCount == 0;
    }
}
