package io.wsboot.io;

import io.wsboot.frame.BufferSource;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Fixed-size buffers owned by one event loop: borrowed while a connection has a partial message
 * or unsent bytes, given back as soon as it has none, so idle connections hold no buffer.
 * Keeps at most {@code retain} free buffers; beyond that, returned buffers are left to the GC.
 * Loop-confined: no locking.
 */
final class BufferPool implements BufferSource {
    private final int size;
    private final boolean direct;
    private final int retain;
    private final ArrayDeque<ByteBuffer> free;
    private int borrowed;

    BufferPool(int size, boolean direct, int retain) {
        this.size = size;
        this.direct = direct;
        this.retain = retain;
        this.free = new ArrayDeque<>(Math.min(retain, 64));
    }

    @Override
    public int bufferSize() {
        return size;
    }

    @Override
    public ByteBuffer acquire() {
        borrowed++;
        ByteBuffer b = free.pollLast();
        if (b == null) {
            b = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        }
        return b.clear();
    }

    @Override
    public void release(ByteBuffer b) {
        borrowed--;
        if (free.size() < retain) {
            free.addLast(b.clear());
        }
    }

    /** Whether {@code b} came from this pool. */
    boolean owns(ByteBuffer b) {
        return b.isDirect() == direct && b.capacity() == size;
    }

    /** Buffers lent out and not yet returned. */
    int borrowed() {
        return borrowed;
    }

    /** {@link #borrowed()} read from another thread (a gauge): may lag slightly. */
    int borrowedOpaque() {
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

    int free() {
        return free.size();
    }
}
