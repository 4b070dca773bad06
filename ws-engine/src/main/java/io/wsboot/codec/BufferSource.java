package io.wsboot.codec;

import java.nio.ByteBuffer;

/**
 * Where the decoder borrows its per-message assembly buffer from: buffers of
 * {@link #bufferSize()} bytes, given back when the message is delivered. Implementations are
 * used from one thread (the connection's event loop).
 */
public interface BufferSource {
    int bufferSize();

    ByteBuffer acquire();

    void release(ByteBuffer buffer);

    /**
     * A buffer of {@code capacity} bytes, larger than the pooled ones, for a message that
     * outgrew them; null when memory may not be spent on it now (the server's budget is spent:
     * the message is refused with 1013).
     */
    default ByteBuffer allocate(int capacity) {
        return ByteBuffer.allocate(capacity);
    }

    /** Gives back a buffer from {@link #allocate}. */
    default void free(ByteBuffer buffer) {
    }

    /** A source that allocates a fresh heap buffer each time (tests, the client). */
    static BufferSource allocating(int bufferSize) {
        return new BufferSource() {
            @Override
            public int bufferSize() {
                return bufferSize;
            }

            @Override
            public ByteBuffer acquire() {
                return ByteBuffer.allocate(bufferSize);
            }

            @Override
            public void release(ByteBuffer buffer) {
            }
        };
    }
}
