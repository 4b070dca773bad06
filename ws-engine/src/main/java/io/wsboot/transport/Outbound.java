package io.wsboot.transport;

import io.wsboot.PreFramed;
import io.wsboot.codec.FrameWriter;
import io.wsboot.codec.MaskKeys;
import io.wsboot.codec.Masking;
import io.wsboot.codec.Utf8Encoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A connection's unsent bytes, in order: frames the event loop framed into pooled direct chunks
 * (many small frames share one chunk, so a read burst is answered with one socket write), and
 * buffers owned outright (frames built by other threads, large payloads). Every buffer holds its
 * unsent bytes between position and limit. Chunks go back to the pool once sent, so a
 * connection with nothing to send holds no buffer. A client's frames are masked as they are
 * framed, each with a fresh key.
 *
 * <p>Guarded by the owning connection's monitor. Chunks are only taken and returned, and the
 * queue only flushed, on the event loop.
 */
public final class Outbound {
    private final Transport ch;
    private final BufferPool pool;
    /** Counts the buffers this queue owns outright (pooled chunks are counted by the pool). */
    private final MemoryBudget budget;
    /** Keys for masking frames (a client's), or null: frames go unmasked (a server's). */
    private final MaskKeys masks;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(4);
    private long pending;
    /** Bytes written to the socket since the connection opened: progress, for the write timeout. */
    private long written;
    /** The socket may hold the start of a queued frame: a close frame cannot follow cleanly. */
    private boolean cut;

    public Outbound(Transport ch, BufferPool pool, MemoryBudget budget, MaskKeys masks) {
        this.ch = ch;
        this.pool = pool;
        this.budget = budget;
        this.masks = masks;
    }

    public boolean isEmpty() {
        return pending == 0;
    }

    /**
     * True when some queued bytes were already written, so the peer may have part of a frame
     * and anything but those frames' remainder would corrupt its stream. Conservative.
     */
    public boolean midFrame() {
        return cut;
    }

    /** Bytes queued and not yet written to the socket. */
    public long pendingBytes() {
        return pending;
    }

    /** Bytes written from the queue so far; unchanged while the peer reads nothing. */
    public long writtenBytes() {
        return written;
    }

    // --- loop thread: framing into pooled chunks ---

    /** Appends a frame: header then {@code src[off, off + len)} (absolute; src untouched), masked for a client. */
    public void putFrame(int firstByte, ByteBuffer src, int off, int len, ByteBuffer scratch) {
        boolean masked = masks != null;
        int key = masked ? masks.next() : 0;
        int h = FrameWriter.headerSize(len, masked);
        ByteBuffer t = room(h + len);
        if (t != null) {
            int at = fill;
            FrameWriter.writeHeader(t, at, firstByte, len, masked, key);
            t.put(at + h, src, off, len);
            if (masked) {
                Masking.mask(t, at + h, len, key, 0);
            }
            commit(t, h + len);
        } else {
            FrameWriter.writeHeader(scratch, 0, firstByte, len, masked, key);
            copy(scratch, 0, h, 0, false);
            copy(src, off, len, key, masked);
        }
    }

    /** Appends a text frame, encoding {@code text} straight into the chunk when it fits. */
    public void putText(int firstByte, CharSequence text, int utf8Length, ByteBuffer scratch) {
        boolean masked = masks != null;
        int h = FrameWriter.headerSize(utf8Length, masked);
        ByteBuffer t = room(h + utf8Length);
        if (t != null) {
            int key = masked ? masks.next() : 0;
            int at = fill;
            FrameWriter.writeHeader(t, at, firstByte, utf8Length, masked, key);
            Utf8Encoder.encode(text, t, at + h);
            if (masked) {
                Masking.mask(t, at + h, utf8Length, key, 0);
            }
            commit(t, h + utf8Length);
        } else {
            ByteBuffer tmp = ByteBuffer.allocate(utf8Length);
            Utf8Encoder.encode(text, tmp, 0);
            putFrame(firstByte, tmp, 0, utf8Length, scratch);
        }
    }

    /**
     * Appends a pre-framed message. A small one is copied when the tail chunk has room (it then
     * goes out in the same write as its neighbours); otherwise the queue holds a read-only view
     * of the frame's bytes, shared with every other recipient: a broadcast to N connections
     * that do not read costs N small queue entries, not N copies.
     */
    public void putFramed(PreFramed f) {
        int len = f.size();
        ByteBuffer t = len <= SMALL_FRAME ? queue.peekLast() : null;
        if (t != null && pool.owns(t) && t.capacity() - t.limit() >= len) {
            open(t);
            f.copyTo(0, t, fill, len);
            commit(t, len);
            return;
        }
        addOwned(f.bytes());
    }

    /** Pre-framed messages up to this size are copied next to other frames rather than shared. */
    private static final int SMALL_FRAME = 512;

    /*
     * Appending: a chunk's limit marks the end of its data. To write past it, room() and
     * tailWithRoom() remember that end in `fill` and open the limit up to the capacity;
     * commit() puts the limit back after the bytes written. So callers write at index `fill`.
     */
    private int fill;

    /** A chunk at the tail with {@code n} contiguous free bytes, or null when no chunk is that big. */
    private ByteBuffer room(int n) {
        if (n > pool.bufferSize()) {
            return null;
        }
        ByteBuffer t = queue.peekLast();
        if (t == null || !pool.owns(t) || t.capacity() - t.limit() < n) {
            t = newChunk();
        }
        return open(t);
    }

    private ByteBuffer tailWithRoom() {
        ByteBuffer t = queue.peekLast();
        if (t == null || !pool.owns(t) || t.limit() == t.capacity()) {
            t = newChunk();
        }
        return open(t);
    }

    private ByteBuffer open(ByteBuffer t) {
        fill = t.limit();
        return t.limit(t.capacity());
    }

    private ByteBuffer newChunk() {
        ByteBuffer c = pool.acquire();
        c.limit(0);
        queue.addLast(c);
        return c;
    }

    private void commit(ByteBuffer chunk, int n) {
        chunk.limit(fill + n);
        pending += n;
    }

    /** Copies {@code src[off, off + len)} across as many chunks as it needs, masked with {@code key} when {@code masked}. */
    private void copy(ByteBuffer src, int off, int len, int key, boolean masked) {
        int done = 0;
        while (done < len) {
            ByteBuffer t = tailWithRoom();
            int n = Math.min(len - done, t.capacity() - fill);
            t.put(fill, src, off + done, n);
            if (masked) {
                Masking.mask(t, fill, n, key, done & 3);
            }
            commit(t, n);
            done += n;
        }
    }

    // --- any thread ---

    /**
     * Queues a buffer this queue now owns (its bytes between position and limit). A read-only
     * one is a view of a shared frame: its memory is the frame's, not counted per recipient.
     */
    public void addOwned(ByteBuffer b) {
        if (b.hasRemaining()) {
            queue.addLast(b);
            pending += b.remaining();
            if (counted(b)) {
                budget.take(b.capacity());
            }
        }
    }

    private boolean counted(ByteBuffer b) {
        return !b.isReadOnly() && !pool.owns(b);
    }

    /** Writes {@code b} straight to the socket; only when the queue is empty (order). */
    public void writeDirect(ByteBuffer b) throws IOException {
        assert pending == 0;
        int before = b.remaining();
        ch.write(b);
        cut = b.hasRemaining() && b.remaining() < before;
    }

    /** Writes {@code header} then {@code payload} with one gathering write; only when empty. */
    public void writeDirect(ByteBuffer[] pair) throws IOException {
        assert pending == 0;
        long before = pair[0].remaining() + pair[1].remaining();
        long written = ch.write(pair, 0, pair.length);
        cut = written > 0 && written < before;
    }

    // --- loop thread: flushing ---

    /**
     * Writes as much as the socket takes, with gathering writes. Returns true when everything
     * was written. Sent chunks go back to the pool.
     */
    public boolean flush(ByteBuffer[] gather) throws IOException {
        while (!queue.isEmpty()) {
            long offered;
            long written;
            if (queue.size() == 1) {
                ByteBuffer b = queue.peekFirst();
                offered = b.remaining();
                written = ch.write(b);
            } else {
                int n = 0;
                offered = 0;
                for (ByteBuffer b : queue) {
                    gather[n++] = b;
                    offered += b.remaining();
                    if (n == gather.length) {
                        break;
                    }
                }
                written = ch.write(gather, 0, n);
                java.util.Arrays.fill(gather, 0, n, null);
            }
            pending -= written;
            if (written > 0) {
                cut = true;
                this.written += written;
            }
            while (!queue.isEmpty() && !queue.peekFirst().hasRemaining()) {
                recycle(queue.pollFirst());
            }
            if (written < offered) {
                return false; // the socket's send buffer is full
            }
        }
        cut = false;
        return true;
    }

    private void recycle(ByteBuffer b) {
        if (pool.owns(b)) {
            pool.release(b);
        } else if (counted(b)) {
            budget.give(b.capacity());
        }
    }

    /** Drops everything queued, returning chunks to the pool (connection closed). */
    public void release() {
        ByteBuffer b;
        while ((b = queue.pollFirst()) != null) {
            recycle(b);
        }
        pending = 0;
        cut = false;
    }
}
