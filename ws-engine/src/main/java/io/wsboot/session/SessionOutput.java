package io.wsboot.session;

import io.wsboot.PreFramed;
import io.wsboot.SendStatus;
import io.wsboot.codec.FrameWriter;
import io.wsboot.codec.MaskKeys;
import io.wsboot.codec.Masking;
import io.wsboot.codec.Utf8Encoder;
import io.wsboot.deflate.MessageDeflater;
import io.wsboot.frame.OpCode;
import io.wsboot.transport.EventLoop;
import io.wsboot.transport.MemoryBudget;
import io.wsboot.transport.Outbound;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static io.wsboot.session.SessionState.CLOSED;
import static io.wsboot.session.SessionState.FINISHING;
import static io.wsboot.session.SessionState.OPEN;

/**
 * Every send path of a {@link Session}: frames written on the loop go into pooled chunks and are
 * flushed once per read burst; frames from other threads are built in a buffer of their own and
 * written at once when nothing is queued; compression, large payloads straight from the caller's
 * buffer, shared pre-framed messages; the byte bound (max-queued-bytes and the server's memory
 * budget) and write progress, for the slow-consumer and write timeouts.
 *
 * <p>The session's monitor guards this as it guards the session's state: a data frame is queued
 * only while the state is OPEN, so our close frame is always the last.
 *
 * <p>A client's frames are masked (in the queue's chunks, or in the frame a thread builds), so its
 * large payloads are copied, never written from the caller's buffer. A client's writers off the
 * loop wait while more than {@value #WRITER_WAITS_ABOVE} bytes are queued (back-pressure, as a
 * blocking socket gives), and write straight to the socket while the session is detached.
 *
 * <p>Back-pressure the application sees: a send reports {@link SendStatus#BUFFERED} once the queue
 * is over the write-buffer high mark, and the first flush that brings it to the low mark tells
 * the endpoint it {@linkplain Endpoint#drained drained}.
 */
final class SessionOutput {
    /** Payloads at least this big are written straight from the caller's buffer when possible. */
    private static final int LARGE = 64 * 1024;
    private static final int FIN_TEXT = FrameWriter.firstByte(true, 0, OpCode.TEXT);
    /** A client's writer off the loop waits while more than this is queued. */
    static final int WRITER_WAITS_ABOVE = 256 * 1024;
    private static final long WAIT_SLICE_MS = 50;

    /** What it sends for: its loop, transport, settings and endpoint are the session's. */
    private final Session s;
    private final Outbound out;
    /** The client's keys: frames sent are masked. Null for a server. */
    private final MaskKeys masks;
    /** Client writers waiting for the queue to drain. */
    private int waiters;
    /** The queue passed the high mark since the last drain call: one is owed at the low mark. */
    private boolean drainOwed;
    /** Set when permessage-deflate was agreed. */
    private MessageDeflater deflater;

    /** The socket did not take everything: the loop waits for it to be writable. */
    boolean writeInterest;
    private boolean dirty;
    private boolean flushScheduled;
    private boolean outputShut;
    /** Writes refused: the peer let more than max-queued-bytes pile up (or the server's memory ran short). */
    private boolean overflowed;
    /** Writes were refused because the server's memory budget is spent, not this connection's bound. */
    private boolean overBudget;
    /** Output written so far, at the last tick that saw progress (or an empty queue). */
    private long progressMark;
    private long progressAt;

    SessionOutput(Session s) {
        this.s = s;
        this.masks = s.cfg.client() ? new MaskKeys() : null;
        this.out = new Outbound(s.transport, s.loop.chunks, s.loop.budget, masks);
    }

    void compressWith(MessageDeflater deflater) {
        this.deflater = deflater;
    }

    // ------------------------------------------------------------------ under the monitor, on the loop

    /**
     * The 101: written now, not queued. Writes from other threads may follow at once, and a
     * slow-consumer trip drops what is queued, which must never include the 101.
     */
    void answer(byte[] answer) {
        ByteBuffer response = ByteBuffer.wrap(answer);
        try {
            out.writeDirect(response);
        } catch (IOException e) {
            // the loop sees the broken socket on its next read or flush
        }
        out.addOwned(response);
        markDirty();
    }

    /** Queues an HTTP error answer (the connection never opened). */
    void queue(byte[] bytes) {
        out.addOwned(ByteBuffer.wrap(bytes));
    }

    /** A control frame from the loop (pong, close, close answer), whatever the state. */
    void putControl(OpCode type, byte[] payload) {
        out.putFrame(FrameWriter.firstByte(true, 0, type), ByteBuffer.wrap(payload), 0, payload.length, s.loop.scratch);
        markDirty();
        s.endpoint.sent(true, type, payload.length);
    }

    /** Our close frame, from any thread: the last frame of the connection. */
    void putClose(byte[] payload) {
        boolean onLoop = s.loop.inLoop();
        s.endpoint.sent(onLoop, OpCode.CLOSE, payload.length);
        int b0 = FrameWriter.firstByte(true, 0, OpCode.CLOSE);
        if (onLoop) {
            out.putFrame(b0, ByteBuffer.wrap(payload), 0, payload.length, s.loop.scratch);
            markDirty();
        } else {
            queueForeign(frame(b0, ByteBuffer.wrap(payload), 0, payload.length));
        }
    }

    /** Drops what is queued (a slow consumer); true when the peer may hold part of a frame. */
    boolean dropQueued() {
        boolean midFrame = out.midFrame();
        out.release();
        return midFrame;
    }

    /** The socket is closing: chunks and the compressor go back; waiting writers let go. */
    void release() {
        out.release();
        if (waiters > 0) {
            s.notifyAll();
        }
        if (deflater != null) {
            deflater.release();
        }
    }

    long pendingBytes() {
        return out.pendingBytes();
    }

    /**
     * Before queueing {@code more} bytes: false (and the write is refused) when that would exceed
     * max-queued-bytes or the server's budget; the connection is then closed as a slow consumer.
     */
    private boolean roomFor(long more, boolean mayWait) {
        if (mayWait && s.cfg.client() && !s.loop.inLoop()) {
            awaitRoom();
            return true; // a writer that waits is never refused: the queue is small when it goes on
        }
        long queued = out.pendingBytes() + more;
        if (!overflowed && queued <= s.cfg.queuedBytesLimit() && (queued <= MemoryBudget.SMALL || !s.loop.budget.spent())) {
            return true;
        }
        if (!overflowed) {
            overflowed = true;
            overBudget = queued <= s.cfg.queuedBytesLimit(); // refused for the server's memory, not its own bound
            if (s.loop.inLoop()) {
                s.loop.flushLater(s); // handled after the current work, outside this lock
                dirty = true;
            } else {
                s.loop.execute(() -> s.slowConsumer(overBudget));
            }
        }
        return false;
    }

    /** After a frame was queued (under the monitor): SENT, or BUFFERED past the high mark. */
    private SendStatus queued() {
        if (out.pendingBytes() > s.cfg.writeHighMark()) {
            drainOwed = true;
            return SendStatus.BUFFERED;
        }
        return SendStatus.SENT;
    }

    /**
     * A client's writer off the loop: waits (monitor released) while much is queued, until the
     * loop has sent it, the session ends or the loop is gone. Under the monitor.
     */
    private void awaitRoom() {
        boolean interrupted = false;
        while (s.state == OPEN && !s.detached && out.pendingBytes() > WRITER_WAITS_ABOVE && !s.loop.hasEnded()) {
            waiters++;
            try {
                s.wait(WAIT_SLICE_MS);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            } finally {
                waiters--;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** This connection has unflushed bytes: flushed after the read burst, or before the loop sleeps. */
    private void markDirty() {
        if (!dirty) {
            dirty = true;
            if (s.loop.current != s) {
                s.loop.flushLater(s);
            }
        }
    }

    // ------------------------------------------------------------------ the loop

    /** Whether this connection has output to flush at the end of its read burst. */
    boolean dirty() {
        return dirty;
    }

    /** Flushes queued bytes (loop only); after FINISHING, shuts our output once all is sent. */
    void flushNow() {
        if (overflowed && s.state != CLOSED) {
            s.slowConsumer(overBudget);
            return;
        }
        boolean done;
        boolean drained = false;
        IOException failure = null;
        synchronized (s) {
            dirty = false;
            flushScheduled = false;
            if (s.state == CLOSED) {
                return;
            }
            try {
                done = out.flush(s.loop.gather) && s.transport.flushPending();
            } catch (IOException e) {
                done = false;
                failure = e;
            }
            if (failure == null && done == writeInterest) {
                writeInterest = !done;
                s.updateInterest();
            }
            if (waiters > 0 && out.pendingBytes() <= WRITER_WAITS_ABOVE) {
                s.notifyAll();
            }
            if (drainOwed && failure == null && out.pendingBytes() <= s.cfg.writeLowMark()) {
                drainOwed = false;
                drained = s.state == OPEN;
            }
        }
        if (failure != null) {
            s.abort();
            return;
        }
        if (drained) {
            s.endpoint.drained(s);
        }
        if (done && s.state == FINISHING && !outputShut) {
            outputShut = true;
            try {
                s.transport.shutdownOutput();
            } catch (IOException e) {
                s.closeChannel();
            }
        }
    }

    /**
     * Whether queued output has made no progress for write-timeout: a peer that stopped reading
     * yet keeps sending (pongs, say) is never idle, and would hold its queue for as long as it
     * likes. Checked once a second, so the hot path reads no clock.
     */
    boolean stalled(long now) {
        long timeout = s.cfg.writeTimeout().toNanos();
        if (timeout == 0) {
            return false;
        }
        long written;
        long pending;
        synchronized (s) {
            written = out.writtenBytes();
            pending = out.pendingBytes();
        }
        if (pending == 0 || written != progressMark || progressAt == 0) {
            progressMark = written;
            progressAt = now;
            return false;
        }
        return now - progressAt >= timeout;
    }

    // ------------------------------------------------------------------ any thread

    /** An engine's frame (a pong, a keep-alive ping) while OPEN; false when refused. */
    boolean send(int firstByte, ByteBuffer src, int off, int len) {
        return send(firstByte, src, off, len, false).accepted();
    }

    /**
     * Sends one data or control frame while OPEN: the heart of every write method. A client's
     * writer off the loop waits for room when {@code mayWait}; otherwise an overflowing frame is
     * refused (and the session closed as a slow consumer).
     */
    SendStatus send(int firstByte, ByteBuffer src, int off, int len, boolean mayWait) {
        if (deflater != null && len >= s.cfg.compression().minSize() && (firstByte & 0x0F) <= OpCode.BINARY.code()) {
            return sendCompressed(firstByte, src, off, len, mayWait);
        }
        SendStatus status = SendStatus.REFUSED;
        boolean onLoop = s.loop.inLoop();
        if (onLoop) {
            synchronized (s) {
                if (s.state == OPEN && roomFor(len, false)) {
                    putOnLoop(firstByte, src, off, len);
                    status = queued();
                }
            }
        } else {
            ByteBuffer frame = frame(firstByte, src, off, len); // built outside the lock
            synchronized (s) {
                // the state again after roomFor: a client's writer may have waited for room
                if (s.state == OPEN && roomFor(frame.remaining(), mayWait) && s.state == OPEN && queueForeign(frame)) {
                    status = queued();
                }
            }
        }
        if (status != SendStatus.REFUSED) {
            s.endpoint.sent(onLoop, OpCode.of(firstByte & 0x0F), len);
        }
        return status;
    }

    /** A text message; on the loop, encoded straight into the chunk. */
    SendStatus sendText(CharSequence text, boolean mayWait) {
        if (s.loop.inLoop() && deflater == null) {
            int n = Utf8Encoder.length(text);
            SendStatus status;
            synchronized (s) {
                if (s.state != OPEN || !roomFor(n, false)) {
                    return SendStatus.REFUSED;
                }
                out.putText(FIN_TEXT, text, n, s.loop.scratch);
                markDirty();
                status = queued();
            }
            s.endpoint.sent(true, OpCode.TEXT, n);
            return status;
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        return send(FIN_TEXT, ByteBuffer.wrap(utf8), 0, utf8.length, mayWait);
    }

    /** A pre-framed message, compressed once for every member of a broadcast when the agreement allows. */
    SendStatus sendFramed(PreFramed frame, boolean mayWait) {
        if (deflater != null && !deflater.keepsContext() && deflater.windowBits() == 15
                && frame.payloadLength() >= s.cfg.compression().minSize()) {
            PreFramed z = frame.compressed(s.cfg.compression().level());
            if (z != null) {
                return sendFramedAs(z, frame, mayWait);
            }
        }
        return sendFramedAs(frame, frame, mayWait);
    }

    /** Sends the bytes of {@code wire}, counted as the message {@code message}. */
    private SendStatus sendFramedAs(PreFramed wire, PreFramed message, boolean mayWait) {
        SendStatus status = SendStatus.REFUSED;
        boolean onLoop = s.loop.inLoop();
        synchronized (s) {
            if (s.state == OPEN && roomFor(wire.size(), mayWait) && s.state == OPEN) {
                if (onLoop) {
                    out.putFramed(wire);
                    markDirty();
                    status = queued();
                } else if (queueForeign(wire.bytes())) { // a view of the shared bytes, not a copy
                    status = queued();
                }
            }
        }
        if (status != SendStatus.REFUSED) {
            s.endpoint.sent(onLoop, message.type(), message.payloadLength());
        }
        return status;
    }

    /**
     * A text or binary message sent compressed (RSV1). Compressing and queueing happen under
     * the lock together: with context takeover the peer must receive messages in the order they
     * were compressed.
     */
    private SendStatus sendCompressed(int firstByte, ByteBuffer src, int off, int len, boolean mayWait) {
        boolean onLoop = s.loop.inLoop();
        int pos = src.position();
        int lim = src.limit();
        SendStatus status;
        synchronized (s) {
            if (s.state != OPEN || !roomFor(len, mayWait) || s.state != OPEN) {
                return SendStatus.REFUSED;
            }
            src.limit(off + len).position(off);
            ByteBuffer z;
            try {
                z = deflater.compress(src, onLoop ? s.loop.deflateScratch : ByteBuffer.allocate(Math.max(64, len / 2)));
            } finally {
                src.limit(lim).position(pos);
            }
            int b0 = firstByte | 0x40;
            int n = z.limit();
            if (onLoop) {
                s.loop.deflateScratch = z; // keep the larger buffer if compression grew it
            }
            if (n >= len && !deflater.keepsContext()) {
                // did not shrink (random or already compressed data): send it as it is
                z = src.duplicate().limit(off + len).position(off).slice();
                b0 = firstByte;
                n = len;
            }
            if (onLoop) {
                putOnLoop(b0, z, 0, n);
            } else if (!queueForeign(frame(b0, z, 0, n))) {
                return SendStatus.REFUSED;
            }
            status = queued();
        }
        s.endpoint.sent(onLoop, OpCode.of(firstByte & 0x0F), len);
        return status;
    }

    /** On the loop: into the chunks, or a large payload straight from the caller's buffer. */
    private void putOnLoop(int firstByte, ByteBuffer src, int off, int len) {
        if (len >= LARGE) {
            putLarge(firstByte, src, off, len);
        } else {
            out.putFrame(firstByte, src, off, len, s.loop.scratch);
            markDirty();
        }
    }

    /** A large payload: flush what is queued, then write header and payload without copying. */
    private void putLarge(int firstByte, ByteBuffer src, int off, int len) {
        if (!out.isEmpty()) {
            try {
                out.flush(s.loop.gather);
            } catch (IOException e) {
                markDirty(); // the next flush sees the failure
                return;
            }
        }
        if (masks == null && out.isEmpty() && !writeInterest) {
            ByteBuffer header = ByteBuffer.allocate(FrameWriter.headerSize(len, false));
            FrameWriter.writeHeader(header, 0, firstByte, len, false, 0);
            ByteBuffer payload = src.duplicate().limit(off + len).position(off);
            try {
                out.writeDirect(new ByteBuffer[] {header, payload});
            } catch (IOException e) {
                markDirty();
                return;
            }
            if (header.hasRemaining()) {
                out.addOwned(header);
            }
            if (payload.hasRemaining()) {
                out.addOwned(ByteBuffer.allocate(payload.remaining()).put(payload).flip());
            }
        } else {
            out.addOwned(frame(firstByte, src, off, len));
        }
        if (!out.isEmpty()) {
            markDirty();
        }
    }

    /**
     * Under the monitor, off the loop: written at once when nothing is queued, else queued for the
     * loop. A detached session's frame is written whole, blocking; false when that failed (the
     * socket is then closed: the connection is over).
     */
    private boolean queueForeign(ByteBuffer frame) {
        if (s.detached) {
            try {
                while (frame.hasRemaining()) {
                    out.writeDirect(frame);
                }
                return true;
            } catch (IOException e) {
                EventLoop.closeQuietly(s.ch); // the connection ends once it is read
                return false;
            }
        }
        boolean loopWillFlush = dirty || flushScheduled || writeInterest;
        if (out.isEmpty() && !loopWillFlush && s.transport.allowsDirectWrites()) {
            try {
                out.writeDirect(frame);
            } catch (IOException e) {
                // the loop sees the broken socket on its next read or flush
                scheduleFlush();
                return true;
            }
            if (!frame.hasRemaining()) {
                return true;
            }
        }
        out.addOwned(frame);
        if (!loopWillFlush) {
            scheduleFlush();
        }
        return true;
    }

    private void scheduleFlush() {
        flushScheduled = true;
        s.loop.execute(this::flushNow);
    }

    /** One whole frame in a buffer of its own: header, then {@code src[off, off + len)}, masked for a client. */
    ByteBuffer frame(int firstByte, ByteBuffer src, int off, int len) {
        boolean masked = masks != null;
        int key = masked ? masks.next() : 0;
        int h = FrameWriter.headerSize(len, masked);
        ByteBuffer frame = ByteBuffer.allocate(h + len);
        FrameWriter.writeHeader(frame, 0, firstByte, len, masked, key);
        frame.put(h, src, off, len);
        if (masked) {
            Masking.mask(frame, h, len, key, 0);
        }
        return frame;
    }
}
