package io.wsboot.transport;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pool tells its own buffers from others of the same size: Outbound appends only to chunks it may reuse. */
class BufferPoolTest {

    @Test
    void aHeapPoolKnowsItsBuffersFromOthersOfTheSameSize() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        BufferPool pool = new BufferPool(16384, false, 4, budget);
        ByteBuffer chunk = pool.acquire();
        assertEquals(16384, chunk.capacity());
        assertTrue(pool.owns(chunk));
        assertFalse(pool.owns(ByteBuffer.allocate(16384)), "a frame built elsewhere is not a chunk");
        assertFalse(pool.owns(ByteBuffer.allocateDirect(16384)));
        assertEquals(16384, budget.used());
        pool.release(chunk);
        assertEquals(0, budget.used());
        assertTrue(pool.owns(pool.acquire()), "a reused chunk still counts as the pool's");
    }

    @Test
    void aDirectPoolKnowsItsBuffers() {
        BufferPool pool = new BufferPool(4096, true, 4, new MemoryBudget(1 << 20));
        assertTrue(pool.owns(pool.acquire()));
        assertFalse(pool.owns(ByteBuffer.allocate(4096)));
    }
}
