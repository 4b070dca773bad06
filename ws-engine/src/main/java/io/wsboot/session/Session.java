package io.wsboot.session;

import io.wsboot.Conn;
import io.wsboot.PreFramed;
import io.wsboot.ServerConfig;
import io.wsboot.ServerObserver.Limit;
import io.wsboot.codec.CloseFrame;
import io.wsboot.codec.FrameDecoder;
import io.wsboot.codec.FrameWriter;
import io.wsboot.codec.ProtocolException;
import io.wsboot.codec.Utf8Encoder;
import io.wsboot.deflate.MessageDeflater;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import io.wsboot.transport.DeadlineQueue;
import io.wsboot.transport.EventLoop;
import io.wsboot.transport.MemoryBudget;
import io.wsboot.transport.Outbound;
import io.wsboot.transport.Selectable;
import io.wsboot.transport.Transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import static io.wsboot.session.SessionState.CLOSED;
import static io.wsboot.session.SessionState.CLOSING;
import static io.wsboot.session.SessionState.FINISHING;
import static io.wsboot.session.SessionState.INIT;
import static io.wsboot.session.SessionState.OPEN;

/**
 * A WebSocket connection after its handshake was routed: the {@link Conn} handlers see, the
 * frames in (decoding, control frames, the close handshake), keep-alive and the limits, and every
 * send path. Its life is a {@link SessionState}; what depends on the role it serves (where
 * messages go, what is counted, what its end releases) is its {@link Endpoint}.
 *
 * <p>Input, timeouts and state changes run on the connection's event loop. Writes come from any
 * thread: the loop frames into pooled chunks and flushes once per read burst; other threads frame
 * into a buffer of their own and write it straight away when nothing is queued. The monitor of
 * this object guards the state and the outbound queue.
 */
public final class Session extends DeadlineQueue.Node implements Conn, Selectable, FrameDecoder.Listener {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    /** Payloads at least this big are written straight from the caller's buffer when possible. */
    private static final int LARGE = 64 * 1024;
    private static final int FIN_TEXT = FrameWriter.firstByte(true, 0, OpCode.TEXT);
    private static final int FIN_BINARY = FrameWriter.firstByte(true, 0, OpCode.BINARY);

    public final EventLoop loop;
    private final SessionTimers timers;
    private final ServerConfig cfg;
    private final MemoryBudget budget;
    private final SocketChannel ch;
    private final SelectionKey key;
    /** Plain, or TLS for wss://. */
    private final Transport transport;
    private final Outbound out;
    private final Endpoint endpoint;
    private final long id;
    private final String path;
    private volatile SessionState state = INIT;

    /** Set by {@link #open}. */
    private FrameDecoder decoder;
    /** Set when permessage-deflate was agreed. */
    private MessageDeflater deflater;
    private String subprotocol;
    private volatile Object attachment;

    /** The 101 was sent: the close callback is owed. */
    private boolean opened;
    /** The peer broke the protocol: the input is done, our close waits for the handler calls before it. */
    private boolean failing;
    private boolean closeCalled;
    private boolean peerClosed;
    private boolean outputShut;
    private boolean readPaused;
    private boolean writeInterest;
    private boolean dirty;
    private boolean flushScheduled;
    /** When something was last read (loop clock); for idle timeouts and keep-alive pings. */
    private long lastRead;
    /** When our keep-alive ping went out; 0 when no pong is awaited. */
    private long pingSentAt;
    /** Writes refused: the peer let more than max-queued-bytes pile up (or the server's memory ran short). */
    private boolean overflowed;
    /** Writes were refused because the server's memory budget is spent, not this connection's bound. */
    private boolean overBudget;
    private volatile int closeCode;
    private volatile String closeReason = "";

    public Session(EventLoop loop, SessionTimers timers, SocketChannel ch, SelectionKey key, Transport transport,
            Endpoint endpoint, ServerConfig cfg, MemoryBudget budget, long id, String path) {
        this.loop = loop;
        this.timers = timers;
        this.ch = ch;
        this.key = key;
        this.transport = transport;
        this.endpoint = endpoint;
        this.cfg = cfg;
        this.budget = budget;
        this.id = id;
        this.path = path;
        this.out = new Outbound(transport, loop.chunks, budget);
    }

    /** The 101 answer goes out and messages may flow: INIT to OPEN. Loop only. */
    public void open(FrameDecoder decoder, MessageDeflater deflater, String subprotocol, byte[] answer) {
        this.decoder = decoder;
        this.deflater = deflater;
        this.subprotocol = subprotocol;
        synchronized (this) {
            // written now, not queued: writes from other threads may follow at once, and a
            // slow-consumer trip drops what is queued, which must never include the 101
            ByteBuffer response = ByteBuffer.wrap(answer);
            try {
                out.writeDirect(response);
            } catch (IOException e) {
                // the loop sees the broken socket on its next read or flush
            }
            out.addOwned(response);
            state = OPEN;
            markDirty();
        }
        opened = true;
        lastRead = loop.now;
    }

    /** Answers an HTTP error instead of the 101, then closes (no handler callback): INIT to FINISHING. Loop only. */
    public void reject(byte[] answer) {
        synchronized (this) {
            out.addOwned(ByteBuffer.wrap(answer));
            state = FINISHING;
        }
        resumeReading();
        timers.lingering.add(this, System.nanoTime());
        flushNow();
    }

    public boolean isOpenState() {
        return state == OPEN;
    }

    public boolean isInit() {
        return state == INIT;
    }

    // ------------------------------------------------------------------ selection

    @Override
    public void onSelect(SelectionKey k) {
        int ready = k.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            flushNow();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && k.isValid()) {
            switch (state) {
                case OPEN, CLOSING -> readFrames();
                case FINISHING -> discardInput();
                default -> pauseReading();
            }
        }
    }

    @Override
    public void onFailure(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            budget.spentNow(); // and no message built for the log: there may be no memory for it
            EventLoop.report("a connection failed: out of memory", t);
        } else {
            EventLoop.report("connection " + id + " failed unexpectedly", t);
        }
        abort();
    }

    // ------------------------------------------------------------------ input

    public void readFrames() {
        ByteBuffer rb = loop.readBuffer;
        loop.current = this;
        try {
            int i = 0;
            for (; i < 16; i++) { // then let the loop's other connections have their turn
                rb.clear();
                int n = read(rb);
                if (n < 0) {
                    abort();
                    return;
                }
                if (n == 0) {
                    break;
                }
                lastRead = loop.now;
                rb.flip();
                if (!decode(rb) || (n < rb.capacity() && !transport.hasBufferedInput())) {
                    break;
                }
            }
            if (i == 16) {
                readBufferedSoon();
            }
        } finally {
            loop.current = null;
        }
        if (dirty) {
            flushNow();
        }
    }

    /**
     * TLS records already read from the socket wait in the transport, and the selector will not
     * report them again: come back for them (after a turn cap, or when reading resumes).
     */
    private void readBufferedSoon() {
        if (transport.hasBufferedInput()) {
            loop.execute(() -> {
                if (state.reads() && !readPaused && transport.hasBufferedInput()) {
                    readFrames();
                }
            });
        }
    }

    /** Feeds input to the decoder; false once the connection stops reading. */
    public boolean decode(ByteBuffer in) {
        try {
            decoder.feed(in, this);
        } catch (ProtocolException e) {
            if (e instanceof io.wsboot.codec.InflateRatioException) {
                endpoint.limitReached(Limit.INFLATE_RATIO);
            } else if (e.closeCode() == CloseCodes.TRY_AGAIN_LATER) {
                endpoint.limitReached(Limit.MEMORY_BUDGET); // a message could not grow: the budget is spent
            }
            failAfterHandlers(e.closeCode(), e.getMessage());
            return false;
        }
        return state.reads() && !readPaused;
    }

    /**
     * The peer broke the protocol: nothing more is read, but the messages it sent before (handed
     * to the handler executor, maybe not yet handled) are answered first, and our close follows
     * what the handler wrote, as on the loop. A handler that does not return within
     * close-timeout does not hold the close back longer.
     */
    private void failAfterHandlers(int code, String reason) {
        failing = true;
        pauseReading();
        endpoint.afterHandlers(() -> fail(code, reason));
        if (!state.ended()) {
            loop.schedule(() -> fail(code, reason), cfg.closeTimeout().toNanos());
        }
    }

    private void discardInput() {
        ByteBuffer rb = loop.readBuffer;
        for (int i = 0; i < 16; i++) {
            int n = read(rb.clear());
            if (n < 0) {
                closeChannel();
                return;
            }
            if (n == 0) {
                return;
            }
        }
    }

    /** Reads; -1 on EOF or a reset connection. */
    private int read(ByteBuffer rb) {
        try {
            return transport.read(rb);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public boolean onMessage(OpCode type, ByteBuffer buf, int offset, int length) {
        endpoint.received(type, length);
        if (state == OPEN && !peerClosed) {
            endpoint.deliver(this, type, buf, offset, length);
        }
        // after our close frame, data is read and dropped while we wait for the answer
        return state.reads();
    }

    @Override
    public boolean onControl(OpCode type, ByteBuffer buf, int offset, int length) {
        endpoint.received(type, length);
        switch (type) {
            case PING -> {
                if (state == OPEN && !peerClosed) {
                    if (cfg.handlePing()) {
                        endpoint.deliver(this, type, buf, offset, length);
                    } else {
                        send(FrameWriter.firstByte(true, 0, OpCode.PONG), buf, offset, length);
                    }
                }
                return true;
            }
            case PONG -> {
                pingSentAt = 0;
                if (cfg.handlePong() && state == OPEN && !peerClosed) {
                    endpoint.deliver(this, type, buf, offset, length);
                }
                return true;
            }
            default -> {
                onPeerClose(buf, offset, length);
                return false;
            }
        }
    }

    private void onPeerClose(ByteBuffer buf, int offset, int length) {
        if (state == CLOSING) {
            finish(); // the answer to our close
            return;
        }
        int code = CloseFrame.code(buf, offset, length);
        String reason = CloseFrame.reason(buf, offset, length);
        peerClosed = true;
        closeCode = code;
        closeReason = reason;
        pauseReading(); // nothing more to read but the peer's FIN
        if (cfg.handleClose()) {
            // the handler decides what to answer; the connection ends once it has seen the close
            endpoint.deliver(this, OpCode.CLOSE, buf, offset, length);
            endpoint.afterHandlers(this::finish);
            return;
        }
        // the answers to the messages before the close (on an executor, maybe not written yet) go first
        byte[] echo = CloseFrame.echo(code);
        endpoint.afterHandlers(() -> answerClose(echo));
        if (!state.ended()) {
            loop.schedule(() -> answerClose(echo), cfg.closeTimeout().toNanos()); // a handler that hangs holds it no longer
        }
    }

    private void answerClose(byte[] echo) {
        if (!state.ended()) {
            sendControlOnLoop(OpCode.CLOSE, echo);
            finish();
        }
    }

    public void pauseReading() {
        if (!readPaused && key.isValid()) {
            readPaused = true;
            updateInterest();
        }
    }

    public void resumeReading() {
        if (readPaused && key.isValid() && state != CLOSED && !peerClosed && !failing) {
            readPaused = false;
            updateInterest();
            readBufferedSoon();
        } else if (state == FINISHING && readPaused && key.isValid()) {
            readPaused = false; // read until the peer's FIN
            updateInterest();
        }
    }

    private void updateInterest() {
        int ops = (readPaused ? 0 : SelectionKey.OP_READ) | (writeInterest ? SelectionKey.OP_WRITE : 0);
        key.interestOps(ops);
    }

    // ------------------------------------------------------------------ keep-alive

    private static final byte[] PING_PAYLOAD = {'w', 's', 'b', 'o', 'o', 't'};
    /** Quiet this long, a connection gives back the large buffer its last large message left it. */
    private static final long KEEPALIVE_QUIET = 500_000_000L;

    /** Once a second (loop): write timeout, idle timeout, keep-alive ping, pong timeout; a kept buffer given back. */
    public void keepalive(long now) {
        if (state != OPEN || peerClosed) {
            return;
        }
        if (decoder != null && now - lastRead >= KEEPALIVE_QUIET) {
            decoder.trim();
        }
        if (writeStalled(now)) {
            dropUnread(Limit.WRITE_TIMEOUT, CloseCodes.POLICY_VIOLATION, "write timeout: queued output made no progress for " + cfg.writeTimeout());
            return;
        }
        long idle = cfg.idleTimeout().toNanos();
        long interval = cfg.pingInterval().toNanos();
        if (idle > 0 && now - lastRead >= idle) {
            endpoint.limitReached(Limit.IDLE_TIMEOUT);
            close(CloseCodes.GOING_AWAY, "idle timeout: nothing received for " + cfg.idleTimeout());
        } else if (pingSentAt != 0 && now - pingSentAt >= cfg.pongTimeout().toNanos()) {
            // the peer is gone or stuck: no close handshake to wait for
            endpoint.limitReached(Limit.PONG_TIMEOUT);
            fail(CloseCodes.GOING_AWAY, "no pong within pong-timeout (" + cfg.pongTimeout() + ")");
        } else if (interval > 0 && pingSentAt == 0 && now - lastRead >= interval) {
            pingSentAt = now;
            send(FrameWriter.firstByte(true, 0, OpCode.PING), ByteBuffer.wrap(PING_PAYLOAD), 0, PING_PAYLOAD.length);
        }
    }

    // ------------------------------------------------------------------ slow consumers

    /** Output written so far, at the last tick that saw progress (or an empty queue). */
    private long progressMark;
    private long progressAt;

    /**
     * Whether queued output has made no progress for write-timeout: a peer that stopped reading
     * yet keeps sending (pongs, say) is never idle, and would hold its queue for as long as it
     * likes. Checked once a second, so the hot path reads no clock.
     */
    private boolean writeStalled(long now) {
        long timeout = cfg.writeTimeout().toNanos();
        if (timeout == 0) {
            return false;
        }
        long written;
        long pending;
        synchronized (this) {
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

    /**
     * Under the monitor, before queueing {@code more} bytes: false (and the write is refused)
     * when that would exceed max-queued-bytes; the connection is then closed as a slow consumer.
     */
    private boolean roomFor(long more) {
        long queued = out.pendingBytes() + more;
        if (!overflowed && queued <= cfg.queuedBytesLimit() && (queued <= MemoryBudget.SMALL || !budget.spent())) {
            return true;
        }
        if (!overflowed) {
            overflowed = true;
            overBudget = queued <= cfg.queuedBytesLimit(); // refused for the server's memory, not its own bound
            if (loop.inLoop()) {
                loop.flushLater(this); // handled after the current work, outside this lock
                dirty = true;
            } else {
                loop.execute(this::slowConsumer);
            }
        }
        return false;
    }

    /** Drops what a slow consumer left unread and ends the connection with 1008 (1013 when the server's memory ran short). Loop only. */
    private void slowConsumer() {
        if (overBudget) {
            dropUnread(Limit.MEMORY_BUDGET, CloseCodes.TRY_AGAIN_LATER, OVER_BUDGET);
        } else {
            dropUnread(Limit.SLOW_CONSUMER, CloseCodes.POLICY_VIOLATION, "slow consumer: more than " + cfg.queuedBytesLimit() + " bytes unread");
        }
    }

    private static final String OVER_BUDGET = "server memory for buffered messages is spent (max-buffered-bytes); try again later";

    /** What this connection holds of the server's buffered bytes: a message in progress, unsent output, messages for its handler. */
    public long held() {
        long h = out.pendingBytes();
        if (decoder != null) {
            h += decoder.heldBytes();
        }
        return h + endpoint.heldForHandlers();
    }

    /** Gives back what is kept only to spare the next message an allocation. Loop only. */
    public void trimBuffers() {
        if (decoder != null) {
            decoder.trim();
        }
    }

    /** The server's memory budget is spent and this connection holds much of it: closed with 1013. Loop only. */
    public void overBudget() {
        if (state.ended()) {
            return;
        }
        if (out.pendingBytes() > MemoryBudget.SMALL) {
            dropUnread(Limit.MEMORY_BUDGET, CloseCodes.TRY_AGAIN_LATER, OVER_BUDGET);
        } else {
            endpoint.limitReached(Limit.MEMORY_BUDGET);
            fail(CloseCodes.TRY_AGAIN_LATER, OVER_BUDGET);
        }
    }

    /** Drops the output the peer left unread and ends the connection with {@code code}, counting {@code limit}. Loop only. */
    private void dropUnread(Limit limit, int code, String reason) {
        if (state == CLOSED) {
            return;
        }
        endpoint.limitReached(limit);
        LOG.log(System.Logger.Level.WARNING, "closing connection " + id + " on " + path + ": " + reason);
        boolean midFrame;
        synchronized (this) {
            midFrame = out.midFrame();
            out.release();
            closeCode = code;
            closeReason = reason;
        }
        if (midFrame) {
            closeChannel(); // a close frame now would land inside a half-sent frame
            return;
        }
        byte[] payload = CloseFrame.payload(code, reason);
        ByteBuffer frame = ByteBuffer.allocate(2 + payload.length);
        FrameWriter.writeHeader(frame, 0, FrameWriter.firstByte(true, 0, OpCode.CLOSE), payload.length, false, 0);
        frame.put(2, payload);
        try {
            transport.write(frame); // best effort: its send buffer is probably full
        } catch (IOException ignored) {
            // closing anyway
        }
        closeChannel();
    }

    // ------------------------------------------------------------------ closing

    /** Protocol or handler error: send our close (if we still may) and finish. Loop only. */
    public void fail(int code, String reason) {
        synchronized (this) {
            if (state == OPEN) {
                closeCode = code;
                closeReason = reason;
                byte[] payload = CloseFrame.payload(code, reason);
                out.putFrame(FrameWriter.firstByte(true, 0, OpCode.CLOSE), ByteBuffer.wrap(payload), 0, payload.length, loop.scratch);
                markDirty();
                countSent(true, OpCode.CLOSE, payload.length);
            }
        }
        finish();
    }

    /**
     * No more messages either way: run the close callback, then flush, shut our output and
     * wait (close-timeout at most) for the peer's FIN. Loop only.
     */
    public void finish() {
        synchronized (this) {
            if (state.ended()) {
                return;
            }
            state = FINISHING;
        }
        if (decoder != null) {
            decoder.release();
        }
        callClose();
        timers.lingering.add(this, System.nanoTime());
        resumeReading();
        flushNow();
    }

    public void onCloseTimeout() {
        if (state == CLOSING) {
            finish();
        }
    }

    public void onLingerTimeout() {
        closeChannel();
    }

    /** Ends at once: EOF, reset, forced stop. The close callback runs if it has not. Loop only. */
    public void abort() {
        if (closeCode == 0) {
            closeCode = CloseCodes.ABNORMAL;
        }
        closeChannel();
    }

    public void onServerStop() {
        if (state == OPEN) {
            close(CloseCodes.GOING_AWAY, "server shutting down");
        } // INIT answers 503 when init returns; closing ones finish on their own
    }

    private void closeChannel() {
        synchronized (this) {
            if (state == CLOSED) {
                return;
            }
            state = CLOSED;
            out.release();
            transport.release();
        }
        DeadlineQueue.leave(this);
        if (decoder != null) {
            decoder.release();
        }
        if (deflater != null) {
            synchronized (this) {
                deflater.release();
            }
        }
        key.cancel();
        EventLoop.closeQuietly(ch);
        endpoint.released(this);
        if (closeCode == 0) {
            closeCode = CloseCodes.ABNORMAL;
        }
        callClose();
    }

    private void callClose() {
        if (!opened || closeCalled) {
            return;
        }
        closeCalled = true;
        if (closeCode == 0) {
            closeCode = CloseCodes.ABNORMAL;
        }
        endpoint.ended(this);
    }

    // ------------------------------------------------------------------ output

    /** Flushes queued bytes (loop only); after FINISHING, shuts our output once all is sent. */
    public void flushNow() {
        if (overflowed && state != CLOSED) {
            slowConsumer();
            return;
        }
        boolean done;
        IOException failure = null;
        synchronized (this) {
            dirty = false;
            flushScheduled = false;
            if (state == CLOSED) {
                return;
            }
            try {
                done = out.flush(loop.gather) && transport.flushPending();
            } catch (IOException e) {
                done = false;
                failure = e;
            }
            if (failure == null && done == writeInterest) {
                writeInterest = !done;
                updateInterest();
            }
        }
        if (failure != null) {
            abort();
            return;
        }
        if (done && state == FINISHING && !outputShut) {
            outputShut = true;
            try {
                transport.shutdownOutput();
            } catch (IOException e) {
                closeChannel();
            }
        }
    }

    /** Under the monitor, on the loop: this connection has unflushed bytes. */
    private void markDirty() {
        if (!dirty) {
            dirty = true;
            if (loop.current != this) {
                loop.flushLater(this);
            }
        }
    }

    /** Sends one frame; the heart of every write method. */
    private boolean send(int firstByte, ByteBuffer src, int off, int len) {
        if (deflater != null && len >= cfg.compression().minSize() && (firstByte & 0x0F) <= OpCode.BINARY.code()) {
            return sendCompressed(firstByte, src, off, len);
        }
        boolean sent;
        boolean onLoop = loop.inLoop();
        if (onLoop) {
            synchronized (this) {
                sent = state == OPEN && roomFor(len);
                if (sent) {
                    if (len >= LARGE) {
                        sendLargeOnLoop(firstByte, src, off, len);
                    } else {
                        out.putFrame(firstByte, src, off, len, loop.scratch);
                        markDirty();
                    }
                }
            }
        } else {
            int h = FrameWriter.headerSize(len, false);
            ByteBuffer frame = ByteBuffer.allocate(h + len);
            FrameWriter.writeHeader(frame, 0, firstByte, len, false, 0);
            frame.put(h, src, off, len);
            sent = sendForeign(frame);
        }
        if (sent) {
            countSent(onLoop, OpCode.of(firstByte & 0x0F), len);
        }
        return sent;
    }

    /**
     * A text or binary message sent compressed (RSV1). Compressing and queueing happen under
     * the lock together: with context takeover the peer must receive messages in the order they
     * were compressed.
     */
    private boolean sendCompressed(int firstByte, ByteBuffer src, int off, int len) {
        boolean onLoop = loop.inLoop();
        int pos = src.position();
        int lim = src.limit();
        synchronized (this) {
            if (state != OPEN || !roomFor(len)) {
                return false;
            }
            src.limit(off + len).position(off);
            ByteBuffer z;
            try {
                z = deflater.compress(src, onLoop ? loop.deflateScratch : ByteBuffer.allocate(Math.max(64, len / 2)));
            } finally {
                src.limit(lim).position(pos);
            }
            int b0 = firstByte | 0x40;
            int n = z.limit();
            if (onLoop) {
                loop.deflateScratch = z; // keep the larger buffer if compression grew it
            }
            if (n >= len && !deflater.keepsContext()) {
                // did not shrink (random or already compressed data): send it as it is
                z = src.duplicate().limit(off + len).position(off).slice();
                b0 = firstByte;
                n = len;
            }
            if (onLoop) {
                if (n >= LARGE) {
                    sendLargeOnLoop(b0, z, 0, n);
                } else {
                    out.putFrame(b0, z, 0, n, loop.scratch);
                    markDirty();
                }
            } else {
                int h = FrameWriter.headerSize(n, false);
                ByteBuffer frame = ByteBuffer.allocate(h + n);
                FrameWriter.writeHeader(frame, 0, b0, n, false, 0);
                frame.put(h, z, 0, n);
                queueForeign(frame);
            }
        }
        countSent(onLoop, OpCode.of(firstByte & 0x0F), len);
        return true;
    }

    /** A large payload: flush what is queued, then write header and payload without copying. */
    private void sendLargeOnLoop(int firstByte, ByteBuffer src, int off, int len) {
        if (!out.isEmpty()) {
            try {
                out.flush(loop.gather);
            } catch (IOException e) {
                markDirty(); // the next flush sees the failure
                return;
            }
        }
        int h = FrameWriter.headerSize(len, false);
        if (out.isEmpty() && !writeInterest) {
            ByteBuffer header = ByteBuffer.allocate(h);
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
            ByteBuffer frame = ByteBuffer.allocate(h + len);
            FrameWriter.writeHeader(frame, 0, firstByte, len, false, 0);
            frame.put(h, src, off, len);
            out.addOwned(frame);
        }
        if (!out.isEmpty()) {
            markDirty();
        }
    }

    /** A frame built by another thread: written at once when nothing is queued, else queued. */
    private boolean sendForeign(ByteBuffer frame) {
        synchronized (this) {
            if (state != OPEN || !roomFor(frame.remaining())) {
                return false;
            }
            queueForeign(frame);
            return true;
        }
    }

    /** Under the monitor, off the loop. */
    private void queueForeign(ByteBuffer frame) {
        boolean loopWillFlush = dirty || flushScheduled || writeInterest;
        if (out.isEmpty() && !loopWillFlush && transport.allowsDirectWrites()) {
            try {
                out.writeDirect(frame);
            } catch (IOException e) {
                // the loop sees the broken socket on its next read or flush
                scheduleFlush();
                return;
            }
            if (!frame.hasRemaining()) {
                return;
            }
        }
        out.addOwned(frame);
        if (!loopWillFlush) {
            scheduleFlush();
        }
    }

    private void scheduleFlush() {
        flushScheduled = true;
        loop.execute(this::flushNow);
    }

    /** A control frame from the loop (pong, close answer), even while closing. */
    private void sendControlOnLoop(OpCode type, byte[] payload) {
        synchronized (this) {
            if (state.ended()) {
                return;
            }
            out.putFrame(FrameWriter.firstByte(true, 0, type), ByteBuffer.wrap(payload), 0, payload.length, loop.scratch);
            markDirty();
        }
        countSent(true, type, payload.length);
    }

    private void countSent(boolean onLoop, OpCode type, int bytes) {
        endpoint.sent(onLoop, type, bytes);
    }

    /** Sends our close frame and waits for the answer (close-timeout). */
    private void sendClose(byte[] payload, int code, String reason) {
        boolean onLoop = loop.inLoop();
        synchronized (this) {
            if (state != OPEN) {
                return;
            }
            countSent(onLoop, OpCode.CLOSE, payload.length);
            state = CLOSING;
            if (!peerClosed) {
                closeCode = code;
                closeReason = reason;
            }
            int b0 = FrameWriter.firstByte(true, 0, OpCode.CLOSE);
            if (onLoop) {
                out.putFrame(b0, ByteBuffer.wrap(payload), 0, payload.length, loop.scratch);
                markDirty();
            } else {
                ByteBuffer frame = ByteBuffer.allocate(2 + payload.length);
                FrameWriter.writeHeader(frame, 0, b0, payload.length, false, 0);
                frame.put(2, payload);
                queueForeign(frame);
            }
        }
        if (onLoop) {
            closeSent();
        } else {
            loop.execute(this::closeSent);
        }
    }

    private void closeSent() {
        if (state == CLOSING && !peerClosed) {
            timers.closing.add(this, System.nanoTime());
        }
    }

    // ------------------------------------------------------------------ Conn

    @Override
    public long id() {
        return id;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) ch.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public boolean isOpen() {
        return state == OPEN;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    @Override
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public boolean write(CharSequence text) {
        if (loop.inLoop() && deflater == null) {
            int n = Utf8Encoder.length(text);
            synchronized (this) {
                if (state != OPEN || !roomFor(n)) {
                    return false;
                }
                out.putText(FIN_TEXT, text, n, loop.scratch);
                markDirty();
            }
            countSent(true, OpCode.TEXT, n);
            return true;
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        return send(FIN_TEXT, ByteBuffer.wrap(utf8), 0, utf8.length);
    }

    @Override
    public boolean writeText(ByteBuffer utf8) {
        return send(FIN_TEXT, utf8, utf8.position(), utf8.remaining());
    }

    @Override
    public boolean writeBin(ByteBuffer data) {
        return send(FIN_BINARY, data, data.position(), data.remaining());
    }

    @Override
    public boolean writeFrame(OpCode type, ByteBuffer data) {
        return sendFrame(type, data, data.position(), data.remaining());
    }

    private boolean sendFrame(OpCode type, ByteBuffer data, int off, int len) {
        CloseFrame.checkWritable(type, data, off, len);
        if (type == OpCode.CLOSE) {
            byte[] payload = new byte[len];
            data.get(off, payload);
            boolean wasOpen = state == OPEN;
            sendClose(payload, CloseFrame.code(payload), CloseFrame.reason(payload));
            return wasOpen;
        }
        return send(FrameWriter.firstByte(true, 0, type), data, off, len);
    }

    @Override
    public boolean writeFramed(PreFramed frame) {
        if (deflater != null && !deflater.keepsContext() && deflater.windowBits() == 15
                && frame.payloadLength() >= cfg.compression().minSize()) {
            PreFramed z = frame.compressed(cfg.compression().level()); // compressed once for every member of a broadcast
            if (z != null) {
                return writeFramedAs(z, frame);
            }
        }
        return writeFramedAs(frame, frame);
    }

    /** Sends the bytes of {@code wire}, counted as the message {@code message}. */
    private boolean writeFramedAs(PreFramed wire, PreFramed message) {
        PreFramed frame = wire;
        boolean sent;
        boolean onLoop = loop.inLoop();
        if (onLoop) {
            synchronized (this) {
                sent = state == OPEN && roomFor(frame.size());
                if (sent) {
                    out.putFramed(frame);
                    markDirty();
                }
            }
        } else {
            sent = sendForeign(frame.bytes()); // a view of the shared bytes, not a copy
        }
        if (sent) {
            countSent(onLoop, message.type(), message.payloadLength());
        }
        return sent;
    }

    @Override
    public void close(int code, String reason) {
        byte[] payload = CloseFrame.payload(code, reason);
        sendClose(payload, code, CloseFrame.reason(payload));
    }

    @Override
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String closeReason() {
        return closeReason;
    }

    @Override
    public String toString() {
        return "Conn#" + id + (path == null ? "" : " " + path);
    }
}
