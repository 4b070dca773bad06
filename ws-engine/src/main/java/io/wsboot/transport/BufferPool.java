package io.wsboot.transport;

import io.wsboot.codec.BufferSource;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Fixed-size buffers owned by one event loop: borrowed while a connection has a partial message
 * or unsent bytes, given back as soon as it has none, so idle connections hold no buffer.
 * Keeps at most {@code retain} free buffers; beyond that, returned buffers are left to the GC.
 * What is lent counts against the server's {@link MemoryBudget}, and so do the larger assembly
 * buffers made through {@link #allocate}. Loop-confined: no locking.
 */
public final class BufferPool implements BufferSource {
    private final int size;
    private final boolean direct;
    private final int retain;
    private final ArrayDeque<ByteBuffer> free;
    private final MemoryBudget budget;
    private int borrowed;
    /** Buffers handed out so far: whether the pool was used since a given moment. */
    private long acquisitions;

    public BufferPool(int size, boolean direct, int retain, MemoryBudget budget) {
        this.size = size;
        this.direct = direct;
        this.retain = retain;
        this.budget = budget;
        this.free = new ArrayDeque<>(Math.min(retain, 64));
    }

    @Override
    public int bufferSize() {
        return size;
    }

    @Override
    public ByteBuffer acquire() {
        borrowed++;
        acquisitions++;
        budget.take(size);
        ByteBuffer b = free.pollLast();
        if (b == null) {
            // a heap buffer gets one byte more than it shows, so that owns() tells it from a
            // buffer of the same size allocated elsewhere
            b = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.wrap(new byte[size + 1]).slice(0, size);
        }
        return b.clear();
    }

    @Override
    public void release(ByteBuffer b) {
        borrowed--;
        budget.give(size);
        if (free.size() < retain) {
            free.addLast(b.clear());
        }
    }

    /** A larger assembly buffer, when the budget has room for it (and always for small ones). */
    @Override
    public ByteBuffer allocate(int capacity) {
        if (capacity <= MemoryBudget.SMALL) {
            budget.take(capacity);
        } else if (!budget.tryTake(capacity)) {
            return null;
        }
        return ByteBuffer.allocate(capacity);
    }

    @Override
    public void free(ByteBuffer b) {
        budget.give(b.capacity());
    }

    /** Whether {@code b} came from this pool (for a heap pool, whether it is the kind this pool makes). */
    public boolean owns(ByteBuffer b) {
        if (b.capacity() != size || b.isDirect() != direct) {
            return false;
        }
        return direct || b.hasArray() && b.array().length == size + 1;
    }

    /** Buffers lent out and not yet returned. */
    public int borrowed() {
        return borrowed;
    }

    /** {@link #borrowed()} read from another thread (a gauge): may lag slightly. */
    public int borrowedOpaque() {
        return (int) BORROWED.getOpaque(this);
    }

    private static final java.lang.invoke.VarHandle BORROWED;

    static {
        try {
            BORROWED = java.lang.invoke.MethodHandles.lookup().findVarHandle(BufferPool.class, "borrowed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public int free() {
        return free.size();
    }

    public long acquisitions() {
        return acquisitions;
    }

    /** Drops the buffers kept for reuse (a quiet connection's loop: it should hold none). */
    public void trim() {
        free.clear();
    }
}
