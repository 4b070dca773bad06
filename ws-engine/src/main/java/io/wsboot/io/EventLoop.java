package io.wsboot.io;

import io.wsboot.MessageView;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One I/O thread: a selector, the connections registered on it, and what they share (a direct
 * read buffer, pooled chunks, the message flyweight, timeouts). Everything here is confined to
 * the loop's thread except {@link #execute}, which other threads use to hand it work.
 */
final class EventLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    static final int READ_BUFFER_SIZE = 64 * 1024;
    static final int CHUNK_SIZE = 16 * 1024;
    private static final VarHandle BUSY;
    private static final VarHandle BUSY_SEQ;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            BUSY = l.findVarHandle(EventLoop.class, "busy", Route.class);
            BUSY_SEQ = l.findVarHandle(EventLoop.class, "busySeq", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ServerEngine engine;
    /** Position among the server's loops: the slot this loop counts into. */
    final int index;
    final Thread thread;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>();
    final CompletableFuture<Void> terminated = new CompletableFuture<>();

    // shared by the connections of this loop
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    final MessageView message = new MessageView(readBuffer);
    final ByteBuffer scratch = ByteBuffer.allocate(16);
    final ByteBuffer[] gather = new ByteBuffer[16];
    final BufferPool chunks;
    /** Where messages sent from this loop are compressed; grows to the largest compressed message. */
    ByteBuffer deflateScratch = ByteBuffer.allocate(4096);
    final BufferPool assembly;
    /** TLS records on their way in or out (wss:// only); lent while a connection has some. */
    final BufferPool tls;
    final DeadlineQueue handshakes;
    final DeadlineQueue closing;
    final DeadlineQueue lingering;
    /** Connections written to while another one was being served: flushed before sleeping. */
    final ArrayList<Session> flushList = new ArrayList<>();
    /** The session whose input is being processed (its writes are flushed when it is done). */
    Session current;
    /** System.nanoTime() at the top of this loop iteration: the clock connections stamp reads with. */
    long now = System.nanoTime();

    private Connection[] conns = new Connection[64];
    private int connCount;
    private boolean stopping;
    private long stopDeadline;

    // read by the watchdog thread (opaque: ordering does not matter, cost does)
    @SuppressWarnings("unused")
    private Route busy;
    @SuppressWarnings("unused")
    private int busySeq;

    EventLoop(ServerEngine engine, int index) throws IOException {
        this.engine = engine;
        this.index = index;
        this.selector = Selector.open();
        this.chunks = new BufferPool(CHUNK_SIZE, true, 256, engine.budget);
        this.assembly = new BufferPool(engine.config.bufferSize(), false, 1024, engine.budget);
        this.tls = engine.isTls() ? new BufferPool(engine.tlsPacketSize(), true, 64, engine.budget) : null;
        this.handshakes = new DeadlineQueue(engine.config.handshakeTimeout().toNanos());
        this.closing = new DeadlineQueue(engine.config.closeTimeout().toNanos());
        this.lingering = new DeadlineQueue(engine.config.closeTimeout().toNanos());
        this.thread = new Thread(this, "ws-loop-" + index);
        this.thread.setDaemon(false);
        this.survivedMessage = "event loop " + thread.getName() + " survived an error; its other connections go on";
        this.givingUp = "event loop " + thread.getName() + " failed in " + MAX_FAILED_TURNS + " turns in a row and stops";
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop (from any thread); wakes the selector when needed. */
    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} on this loop after {@code delayNanos} (loop thread only). */
    void schedule(Runnable task, long delayNanos) {
        scheduled.add(new Scheduled(System.nanoTime() + delayNanos, task));
    }

    SelectionKey register(java.nio.channels.SelectableChannel ch, int ops, Selectable s) throws IOException {
        return ch.register(selector, ops, s);
    }

    /** Takes over an accepted socket from {@code peer} (on this loop's thread). */
    void adopt(SocketChannel ch, java.net.InetAddress peer, boolean overLimit) {
        if (stopping) {
            refuse(ch, peer);
            return;
        }
        Connection c = new Connection(this, ch, peer, engine.nextId(), overLimit);
        try {
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
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
    private void refuse(SocketChannel ch, java.net.InetAddress peer) {
        closeQuietly(ch);
        engine.connectionClosed(peer);
        engine.handshakeEnded(peer);
    }

    void unregister(Connection c) {
        int i = c.slot;
        if (i < 0) {
            return;
        }
        Connection last = conns[--connCount];
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

    private static final long KEEPALIVE_TICK = TimeUnit.SECONDS.toNanos(1);

    void startKeepalive() {
        schedule(this::keepalive, KEEPALIVE_TICK);
    }

    private void keepalive() {
        long t = System.nanoTime();
        for (Connection c : Arrays.copyOf(conns, connCount)) {
            try {
                c.keepalive(t);
            } catch (Throwable e) {
                failed(c, e);
            }
        }
        flushDirty();
        if (!stopping) {
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
        MemoryBudget budget = engine.budget;
        if (budget.used() <= budget.lowWater()) {
            return;
        }
        for (int i = 0; i < connCount; i++) {
            conns[i].trimBuffers(); // buffers kept for the next large message go first: nobody loses anything
        }
        if (budget.used() <= budget.lowWater()) {
            return;
        }
        Connection[] byHeld = Arrays.copyOf(conns, connCount);
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

    // --- the loop ---

    /**
     * Turns until stopped. A failure anywhere in a turn (an Error included: out of memory, a
     * stack overflow) ends that turn, not the loop: its connections go on being served. Only a
     * selector that is gone, or failures in every turn for {@value #MAX_FAILED_TURNS} turns,
     * end it; it then closes what it holds and reports itself dead ({@link #isDead()}).
     */
    @Override
    public void run() {
        int failedTurns = 0;
        try {
            while (true) {
                try {
                    if (!turn()) {
                        break;
                    }
                    failedTurns = 0;
                } catch (ClosedSelectorException e) {
                    break; // closed under us: nothing left to serve
                } catch (Throwable t) {
                    if (++failedTurns > MAX_FAILED_TURNS) {
                        report(givingUp, t);
                        break;
                    }
                    survived(t);
                }
            }
        } finally {
            try {
                closeAll();
            } catch (Throwable t) {
                report(survivedMessage, t);
            }
            dead = !stopping;
            terminated.complete(null);
        }
    }

    /** One turn: timeouts, I/O, tasks, flushes. False once a stop has finished. */
    private boolean turn() throws IOException {
        now = System.nanoTime();
        expire(now);
        if (stopping && (connCount == 0 || now - stopDeadline >= 0)) {
            return false;
        }
        long waitMs = waitMillis(now);
        wakeupPending.set(false);
        if (!tasks.isEmpty() || waitMs < 0) {
            selector.selectNow(this::onKey);
        } else {
            selector.select(this::onKey, waitMs);
        }
        runTasks();
        flushDirty();
        return true;
    }

    private static final int MAX_FAILED_TURNS = 1000;
    /** Made up front: when memory has run out, a message to log must not need any. */
    private final String survivedMessage;
    private final String givingUp;
    private volatile boolean dead;

    /** A turn failed: memory may have run short, so the biggest holders of buffers go first. */
    private void survived(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            engine.budget.spentNow();
        }
        report(survivedMessage, t);
        flushList.clear(); // what the failed turn left half done is flushed by the next writes or ticks
    }

    /** Logs, unless logging itself fails (out of memory): the loop must not die of its own error report. */
    static void report(String message, Throwable t) {
        try {
            LOG.log(System.Logger.Level.ERROR, message, t);
        } catch (Throwable ignored) {
            // nothing more to do
        }
    }

    /** Whether this loop ended while the server was running: its connections are gone and it serves no more. */
    boolean isDead() {
        return dead;
    }

    private void onKey(SelectionKey k) {
        Selectable s = (Selectable) k.attachment();
        try {
            s.onSelect(k);
        } catch (Throwable t) {
            s.onFailure(t);
        }
    }

    /** A connection's work failed outside its own handling: that connection ends, the loop goes on. */
    private static void failed(Selectable c, Throwable t) {
        try {
            c.onFailure(t);
        } catch (Throwable again) {
            report("a connection could not be closed cleanly", again);
        }
    }

    /** Milliseconds to block in select: 0 = until woken, -1 = do not block. */
    private long waitMillis(long now) {
        long next = Long.MAX_VALUE;
        next = min(next, handshakes.nanosToNext(now));
        next = min(next, closing.nanosToNext(now));
        next = min(next, lingering.nanosToNext(now));
        Scheduled s = scheduled.peek();
        if (s != null) {
            next = Math.min(next, Math.max(0, s.at - now));
        }
        if (stopping) {
            next = Math.min(next, TimeUnit.MILLISECONDS.toNanos(20));
        }
        if (next == Long.MAX_VALUE) {
            return 0;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(next + 999_999);
        return ms == 0 ? -1 : ms;
    }

    private static long min(long a, long b) {
        return b < 0 ? a : Math.min(a, b);
    }

    private void runTasks() {
        // a bounded batch: tasks that add tasks must not starve I/O
        for (int i = 0; i < 4096; i++) {
            Runnable t = tasks.poll();
            if (t == null) {
                break;
            }
            try {
                t.run();
            } catch (Throwable e) {
                report(survivedMessage, e);
            }
        }
    }

    /** Flushes connections written to outside their own read processing. */
    void flushDirty() {
        for (int i = 0; i < flushList.size(); i++) {
            Session c = flushList.get(i);
            try {
                c.flushNow();
            } catch (Throwable t) {
                failed(c, t);
            }
        }
        flushList.clear();
    }

    private void expire(long now) {
        DeadlineQueue.Node n;
        while ((n = handshakes.pollExpired(now)) != null) {
            Connection c = (Connection) n;
            try {
                c.onHandshakeTimeout();
            } catch (Throwable t) {
                failed(c, t);
            }
        }
        while ((n = closing.pollExpired(now)) != null) {
            Session c = (Session) n;
            try {
                c.onCloseTimeout();
            } catch (Throwable t) {
                failed(c, t);
            }
        }
        while ((n = lingering.pollExpired(now)) != null) {
            Session c = (Session) n;
            try {
                c.onLingerTimeout();
            } catch (Throwable t) {
                failed(c, t);
            }
        }
        Scheduled s;
        while ((s = scheduled.peek()) != null && s.at - now <= 0) {
            scheduled.poll();
            try {
                s.task.run();
            } catch (Throwable t) {
                report(survivedMessage, t);
            }
        }
    }

    /** Starts the shutdown of this loop's connections (on the loop). */
    void beginStop(long deadlineNanos) {
        stopping = true;
        stopDeadline = deadlineNanos;
        for (Connection c : Arrays.copyOf(conns, connCount)) {
            c.onServerStop();
        }
        flushDirty();
    }

    boolean isStopping() {
        return stopping;
    }

    /** Whatever is left when the loop ends is closed at once; close callbacks still run. */
    private void closeAll() {
        for (Connection c : Arrays.copyOf(conns, connCount)) {
            try {
                c.abort();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "closing connection failed", t);
            }
        }
        try {
            for (SelectionKey k : selector.keys()) {
                closeQuietly(k.channel());
            }
            selector.close();
        } catch (Throwable ignored) {
            // already closed
        }
    }

    static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private record Scheduled(long at, Runnable task) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            return Long.compare(at, o.at);
        }
    }
}
