package io.wsboot.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One I/O thread: a selector, tasks other threads hand it, timers, and what the channels it serves
 * share (a direct read buffer, pooled output chunks, scratch space). It knows no server and no
 * client: what a role adds (accepting, keep-alive passes, draining) is a subclass's hooks. Everything
 * here is confined to the loop's thread except {@link #execute}.
 */
public class EventLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    public static final int READ_BUFFER_SIZE = 64 * 1024;
    public static final int CHUNK_SIZE = 16 * 1024;
    private static final int MAX_FAILED_TURNS = 1000;

    /**
     * The thread that runs the loop: its own, or (a loop made to run on its caller) the one in
     * {@link #runHere}. Not volatile, for {@link #inLoop} on every write: only the loop's thread
     * can find itself here, and another that reads a stale null is rightly told it is not the loop.
     */
    private Thread thread;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>();
    private final ArrayList<DeadlineQueue> timeouts = new ArrayList<>();
    public final CompletableFuture<Void> terminated = new CompletableFuture<>();
    public final MemoryBudget budget;

    // shared by the channels of this loop
    public final ByteBuffer readBuffer;
    public final ByteBuffer scratch = ByteBuffer.allocate(16);
    public final ByteBuffer[] gather = new ByteBuffer[16];
    public final BufferPool chunks;
    /** Where messages sent from this loop are compressed; grows to the largest compressed message. */
    public ByteBuffer deflateScratch = ByteBuffer.allocate(64);
    /** Channels written to while another one was being served: flushed before sleeping. */
    private final ArrayList<Selectable> flushList = new ArrayList<>();
    /** The channel whose input is being processed (its writes are flushed when it is done). */
    public Selectable current;
    /** System.nanoTime() at the top of this loop iteration: the clock channels stamp reads with. */
    public long now = System.nanoTime();

    /** Made up front: when memory has run out, a message to log must not need any. */
    private final String survivedMessage;
    private final String givingUp;
    private volatile boolean stopRequested;
    /** Runs on its caller's thread ({@link #runHere}): an interrupt of that thread stops it. */
    private boolean borrowed;
    private boolean interrupted;
    /** A role began a graceful stop: the loop ends once {@link #drained()} or at the deadline. */
    private boolean stopping;
    private long stopDeadline;
    private volatile boolean ended;
    private volatile boolean dead;

    /**
     * A loop on a thread of its own, started by the role.
     *
     * @param forTls the channels it serves speak TLS: the read buffer and the output chunks are
     *               then heap buffers, which the JDK's SSLEngine encrypts and decrypts in place
     *               (direct ones it copies through arrays: a third more CPU per byte); plain
     *               channels get direct ones, which the socket reads and writes without a copy
     */
    public EventLoop(String name, boolean daemon, MemoryBudget budget, boolean forTls) throws IOException {
        this(name, budget, forTls, READ_BUFFER_SIZE, 256);
        this.thread = new Thread(this, name);
        this.thread.setDaemon(daemon);
    }

    /**
     * A loop with no thread of its own: whoever calls {@link #runHere} runs it (a client's read
     * loop on the thread that asked for it). Its read buffer is {@code readBufferSize} bytes and
     * its pool keeps {@code keptChunks} output chunks between uses.
     */
    protected EventLoop(String name, MemoryBudget budget, boolean forTls, int readBufferSize, int keptChunks) throws IOException {
        this.selector = Selector.open();
        this.budget = budget;
        this.readBuffer = forTls ? ByteBuffer.allocate(readBufferSize) : ByteBuffer.allocateDirect(readBufferSize);
        this.chunks = new BufferPool(CHUNK_SIZE, !forTls, keptChunks, budget);
        this.survivedMessage = "event loop " + name + " survived an error; its other connections go on";
        this.givingUp = "event loop " + name + " failed in " + MAX_FAILED_TURNS + " turns in a row and stops";
    }

    /** The thread running this loop; null for a loop made to run on its caller that has not started. */
    public final Thread thread() {
        return thread;
    }

    /**
     * Runs the loop on the calling thread until it ends (a loop made without a thread of its own).
     * Interrupting that thread ends it as {@link #shutdown} does; the interrupt stays set.
     */
    public final void runHere() {
        if (thread != null) {
            throw new IllegalStateException("this loop already has a thread");
        }
        thread = Thread.currentThread();
        borrowed = true;
        run();
        if (interrupted) {
            Thread.currentThread().interrupt(); // the caller's to see
        }
    }

    /** Whether the loop has ended: tasks handed to it now run on the caller. */
    public final boolean hasEnded() {
        return ended;
    }

    public final boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} on this loop (from any thread); wakes the selector when needed. Once the
     * loop has ended, the task runs at once on the caller: it meets closed channels and ends.
     */
    public final void execute(Runnable task) {
        if (ended) {
            task.run();
            return;
        }
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} on this loop after {@code delayNanos} (loop thread only). */
    public final void schedule(Runnable task, long delayNanos) {
        scheduled.add(new Scheduled(System.nanoTime() + delayNanos, task));
    }

    /**
     * A queue of channels waiting for one kind of timeout of {@code nanos}; {@code onExpire} runs
     * (on the loop) for each whose time is up. Made when a role sets up its loop.
     */
    public final DeadlineQueue timeouts(long nanos, Consumer<DeadlineQueue.Node> onExpire) {
        DeadlineQueue q = new DeadlineQueue(nanos, onExpire);
        timeouts.add(q);
        return q;
    }

    public final SelectionKey register(SelectableChannel ch, int ops, Selectable s) throws IOException {
        return ch.register(selector, ops, s);
    }

    /** On the loop: flush {@code s} before the loop sleeps (its {@link Selectable#flushNow}). */
    public final void flushLater(Selectable s) {
        flushList.add(s);
    }

    /** Ends the loop once its current turn is over (from any thread); channels still on it are closed. */
    public final void shutdown() {
        stopRequested = true;
        selector.wakeup();
    }

    // --- the loop ---

    /**
     * Turns until stopped. A failure anywhere in a turn (an Error included: out of memory, a
     * stack overflow) ends that turn, not the loop: its channels go on being served. Only a
     * selector that is gone, or failures in every turn for {@value #MAX_FAILED_TURNS} turns,
     * end it; it then closes what it holds and reports itself dead ({@link #isDead()}).
     */
    @Override
    public final void run() {
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
            ended = true;
            try {
                runTasks(); // registrations still queued end with the rest
                closeAll();
                runTasks();
                selector.close();
            } catch (Throwable t) {
                report(survivedMessage, t);
            }
            dead = !stopRequested && !stopping && !interrupted;
            terminated.complete(null);
        }
    }

    /** One turn: timeouts, I/O, tasks, flushes. False once the loop is to end. */
    private boolean turn() throws IOException {
        now = System.nanoTime();
        expire(now);
        if (stopRequested || stopping && (drained() || now - stopDeadline >= 0)) {
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
        if (borrowed && Thread.interrupted()) {
            interrupted = true; // select would return at once from now on: stop, closing the channels
            return false;
        }
        return true;
    }

    /** A graceful stop (loop thread): the loop ends once {@link #drained()}, or at {@code deadlineNanos}. */
    protected final void beginStopping(long deadlineNanos) {
        stopping = true;
        stopDeadline = deadlineNanos;
    }

    public final boolean isStopping() {
        return stopping;
    }

    /** Hook: whether a graceful stop has nothing left to wait for (checked at the top of every turn). */
    protected boolean drained() {
        return true;
    }

    /**
     * Hook: the loop is ending: whatever is left is closed at once (a role's close callbacks
     * still run). By default every registered channel's failure path runs.
     */
    protected void closeAll() {
        for (SelectionKey k : selector.keys()) {
            Selectable s = (Selectable) k.attachment();
            try {
                s.onLoopEnded();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "closing a channel failed", t);
            }
            closeQuietly(k.channel());
        }
    }

    /** A turn failed: memory may have run short, so the biggest holders of buffers go first. */
    private void survived(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            budget.spentNow();
        }
        report(survivedMessage, t);
        flushList.clear(); // what the failed turn left half done is flushed by the next writes or ticks
    }

    /** Logs, unless logging itself fails (out of memory): the loop must not die of its own error report. */
    public static void report(String message, Throwable t) {
        try {
            LOG.log(System.Logger.Level.ERROR, message, t);
        } catch (Throwable ignored) {
            // nothing more to do
        }
    }

    /** Whether this loop ended without being asked to: its channels are gone and it serves no more. */
    public final boolean isDead() {
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

    /** A channel's work failed outside its own handling: that channel ends, the loop goes on. */
    public static void failed(Selectable c, Throwable t) {
        try {
            c.onFailure(t);
        } catch (Throwable again) {
            report("a connection could not be closed cleanly", again);
        }
    }

    /** Milliseconds to block in select: 0 = until woken, -1 = do not block. */
    private long waitMillis(long now) {
        long next = Long.MAX_VALUE;
        for (DeadlineQueue q : timeouts) {
            long n = q.nanosToNext(now);
            if (n >= 0) {
                next = Math.min(next, n);
            }
        }
        Scheduled s = scheduled.peek();
        if (s != null) {
            next = Math.min(next, Math.max(0, s.at - now));
        }
        if (stopping) {
            next = Math.min(next, TimeUnit.MILLISECONDS.toNanos(20)); // polls for the drain
        }
        if (next == Long.MAX_VALUE) {
            return 0;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(next + 999_999);
        return ms == 0 ? -1 : ms;
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

    /** Flushes channels written to outside their own read processing. */
    public final void flushDirty() {
        for (int i = 0; i < flushList.size(); i++) {
            Selectable c = flushList.get(i);
            try {
                c.flushNow();
            } catch (Throwable t) {
                failed(c, t);
            }
        }
        flushList.clear();
    }

    private void expire(long now) {
        for (DeadlineQueue q : timeouts) {
            DeadlineQueue.Node n;
            while ((n = q.pollExpired(now)) != null) {
                try {
                    q.onExpire.accept(n);
                } catch (Throwable t) {
                    if (n instanceof Selectable c) {
                        failed(c, t);
                    } else {
                        report(survivedMessage, t);
                    }
                }
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

    public static void closeQuietly(java.nio.channels.Channel ch) {
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
