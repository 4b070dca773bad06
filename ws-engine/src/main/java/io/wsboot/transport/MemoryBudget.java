package io.wsboot.transport;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server-wide bound on buffered bytes (max-buffered-bytes): messages being received and
 * output not yet sent, all connections together. Every pooled buffer lent, every assembly
 * buffer grown and every owned output buffer queued is counted here, so that no input pattern
 * can hold more than the budget. When it is spent, growth that can wait (a message being
 * assembled, a large write) is refused, and {@link #onSpent} asks the loops to close the
 * connections that hold the most (1013). Thread-safe; counting is a {@link LongAdder} add, so
 * loops do not contend.
 */
public final class MemoryBudget {
    /** Writes and assemblies smaller than this are never refused: a connection that keeps up holds no more. */
    public static final long SMALL = 64 * 1024;
    /** How often, at most, a spent budget asks the loops to reclaim. */
    private static final long RECLAIM_INTERVAL = 100_000_000L;

    private final long limit;
    private final LongAdder used = new LongAdder();
    private final AtomicLong lastReclaim = new AtomicLong(System.nanoTime() - RECLAIM_INTERVAL);
    private volatile Runnable onSpent = () -> { };

    public MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** What to run (from any thread) when the budget is spent: ask the loops to reclaim. */
    public void onSpent(Runnable reclaim) {
        this.onSpent = reclaim;
    }

    public long limit() {
        return limit;
    }

    /** Bytes counted right now. */
    public long used() {
        return used.sum();
    }

    /** Below this, reclaiming stops: a tenth of the budget is won back at a time. */
    public long lowWater() {
        return limit - limit / 10;
    }

    public boolean spent() {
        return used.sum() > limit;
    }

    /**
     * Counts {@code n} bytes that must be had (a pooled buffer for a frame in progress). Taking
     * past the limit asks for a reclaim too: no later refusal may come to ask for it.
     */
    public void take(long n) {
        used.add(n);
        if (used.sum() > limit) {
            spentNow();
        }
    }

    /**
     * Counts {@code n} bytes if the budget has room for them; otherwise counts nothing, asks for
     * a reclaim, and returns false.
     */
    public boolean tryTake(long n) {
        if (used.sum() + n > limit) {
            spentNow();
            return false;
        }
        used.add(n);
        return true;
    }

    public void give(long n) {
        used.add(-n);
    }

    /** The budget is spent (or memory ran out): reclaim, at most once per interval. */
    public void spentNow() {
        long now = System.nanoTime();
        long last = lastReclaim.get();
        if (now - last >= RECLAIM_INTERVAL && lastReclaim.compareAndSet(last, now)) {
            onSpent.run();
        }
    }
}
