package io.wsboot.server;

/**
 * The seed's handshake pool: {@code count} buffers of {@code size} bytes made up front and kept;
 * when all are lent out a new one is allocated (never waited for) and dropped after use. Shared
 * by the event loops, so it locks (handshakes are rare next to messages).
 */
final class HandshakeBufferPool {
    private final int size;
    private final byte[][] free;
    private int count;

    HandshakeBufferPool(int count, int size) {
        this.size = size;
        this.free = new byte[count][];
        for (int i = 0; i < count; i++) {
            free[i] = new byte[size];
        }
        this.count = count;
    }

    synchronized byte[] acquire() {
        return count > 0 ? free[--count] : new byte[size];
    }

    synchronized void release(byte[] b) {
        if (count < free.length && b.length == size) {
            free[count++] = b;
        }
    }

    synchronized int available() {
        return count;
    }

    int capacity() {
        return free.length;
    }
}
