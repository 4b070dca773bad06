package io.wsboot.client;

import io.wsboot.transport.EventLoop;
import io.wsboot.transport.MemoryBudget;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One client event loop: a transport {@link EventLoop} (daemon thread) that reads for the
 * {@link LoopChannel}s registered on it, plus the spare TLS input buffer its {@code wss://}
 * connections take only while a record is partial.
 */
final class ClientLoop extends EventLoop {
    /** Loop threads are named from this. */
    static final String NAME_PREFIX = "ws-client-loop-";

    /** A TLS input buffer between uses: a wss:// connection holds one only while it has a partial record. */
    private ByteBuffer spareNetIn;

    ClientLoop(String name) throws IOException {
        super(name, true, new MemoryBudget(Long.MAX_VALUE), false);
    }

    /** A TLS input buffer of at least {@code size} bytes, empty (loop thread). */
    ByteBuffer takeNetIn(int size) {
        ByteBuffer b = spareNetIn;
        if (b != null && b.capacity() >= size) {
            spareNetIn = null;
            return b.clear();
        }
        return ByteBuffer.allocate(size);
    }

    /** Gives back an empty TLS input buffer (loop thread); one is kept for the next reader. */
    void giveNetIn(ByteBuffer b) {
        if (spareNetIn == null || b.capacity() > spareNetIn.capacity()) {
            spareNetIn = b;
        }
    }
}
