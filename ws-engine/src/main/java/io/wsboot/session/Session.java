package io.wsboot.session;

import io.wsboot.Conn;
import io.wsboot.PreFramed;
import io.wsboot.SendStatus;
import io.wsboot.codec.CloseFrame;
import io.wsboot.codec.FrameDecoder;
import io.wsboot.codec.FrameWriter;
import io.wsboot.deflate.MessageDeflater;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import io.wsboot.transport.BufferPool;
import io.wsboot.transport.DeadlineQueue;
import io.wsboot.transport.EventLoop;
import io.wsboot.transport.Selectable;
import io.wsboot.transport.TlsTransport;
import io.wsboot.transport.Transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import static io.wsboot.session.SessionState.CLOSED;
import static io.wsboot.session.SessionState.CLOSING;
import static io.wsboot.session.SessionState.FINISHING;
import static io.wsboot.session.SessionState.INIT;
import static io.wsboot.session.SessionState.OPEN;

/**
 * A WebSocket connection after its handshake: the {@link Conn} handlers see, and its life as a
 * {@link SessionState} (the close handshake in either direction, a failure, the linger for the
 * peer's FIN, the close callback once). Its parts: {@link SessionInput} reads and decodes,
 * {@link SessionOutput} is every send path, {@link SessionLimits} the timeouts and trips. What
 * depends on the role it serves (where messages go, what is counted, what its end releases) is
 * its {@link Endpoint}.
 *
 * <p>Input, timeouts and state changes run on the connection's event loop. Writes come from any
 * thread: the loop frames into pooled chunks and flushes once per read burst; other threads frame
 * into a buffer of their own and write it straight away when nothing is queued. The monitor of
 * this object guards the state and the outbound queue.
 *
 * <p>A client's session starts <em>detached</em> (blocking, unread, writers writing to the socket
 * themselves) until reading starts and its loop takes it over ({@link #attach}).
 */
public final class Session extends DeadlineQueue.Node implements Conn, Selectable {
    private static final int FIN_TEXT = FrameWriter.firstByte(true, 0, OpCode.TEXT);
    private static final int FIN_BINARY = FrameWriter.firstByte(true, 0, OpCode.BINARY);

    public final EventLoop loop;
    final SessionSettings cfg;
    final SocketChannel ch;
    /** Null while detached. */
    private SelectionKey key;
    /** No loop reads it yet: the channel blocks, and writers write to it themselves (under the monitor). */
    volatile boolean detached;
    /** Plain, or TLS for wss://. */
    final Transport transport;
    final Endpoint endpoint;
    private final SessionInput input;
    private final SessionOutput output;
    private final long id;
    private final String path;
    /** Read by {@link SessionOutput} under this object's monitor: data frames are queued only while OPEN. */
    volatile SessionState state = INIT;

    private String subprotocol;
    private volatile Object attachment;

    /** The 101 was sent: the close callback is owed. */
    private boolean opened;
    private boolean closeCalled;
    /** The peer's close frame arrived: nothing more is handed to the handler. */
    boolean peerClosed;
    /** When our keep-alive ping went out; 0 when no pong is awaited. */
    long pingSentAt;
    private volatile int closeCode;
    private volatile String closeReason = "";

    /** @param key the channel's key on {@code loop}; null for a detached session (a client's, before it reads) */
    public Session(EventLoop loop, SocketChannel ch, SelectionKey key, Transport transport,
            Endpoint endpoint, SessionSettings cfg, long id, String path) {
        this.loop = loop;
        this.ch = ch;
        this.key = key;
        this.detached = key == null;
        this.transport = transport;
        this.endpoint = endpoint;
        this.cfg = cfg;
        this.id = id;
        this.path = path;
        this.input = new SessionInput(this);
        this.output = new SessionOutput(this);
    }

    /**
     * The 101 goes out (a server's; a client's came in: {@code answer} null) and messages may flow:
     * INIT to OPEN. Loop only, or before a detached session is shared.
     */
    public void open(FrameDecoder decoder, MessageDeflater deflater, String subprotocol, byte[] answer) {
        input.decoder = decoder;
        this.subprotocol = subprotocol;
        synchronized (this) {
            output.compressWith(deflater);
            if (answer != null) {
                output.answer(answer);
            }
            state = OPEN;
        }
        opened = true;
        input.lastRead = loop.now;
    }

    /** Answers an HTTP error instead of the 101, then closes (no handler callback): INIT to FINISHING. Loop only. */
    public void reject(byte[] answer) {
        synchronized (this) {
            output.queue(answer);
            state = FINISHING;
        }
        releaseInput();
        endpoint.timers().lingering.add(this, System.nanoTime());
        flushNow();
    }

    public boolean isOpenState() {
        return state == OPEN;
    }

    public boolean isInit() {
        return state == INIT;
    }

    /** Whether the session has ended at the protocol level (finishing or closed). */
    public boolean hasEnded() {
        return state.ended();
    }

    /**
     * A detached session is about to be read by its loop (on the thread that starts reading, after
     * any writer inside a blocking write): non-blocking from now on. False when the socket is gone.
     */
    public boolean leaveBlocking() throws IOException {
        synchronized (this) {
            if (state == CLOSED || !ch.isOpen()) {
                return false;
            }
            ch.configureBlocking(false);
            detached = false;
            return true;
        }
    }

    /**
     * The loop takes the session over (loop only, after {@link #leaveBlocking}): TLS borrows from
     * {@code tlsPool}, and reading starts with {@code firstFrames} (what came with the handshake
     * answer). False when the session had ended before; a socket lost meanwhile ends it here.
     */
    public boolean attach(ByteBuffer firstFrames, BufferPool tlsPool) throws IOException {
        synchronized (this) {
            if (state == CLOSED) {
                return false;
            }
            if (ch.isOpen()) {
                key = loop.register(ch, SelectionKey.OP_READ, this);
                if (transport instanceof TlsTransport tls) {
                    tls.usePool(tlsPool);
                }
                updateInterest(); // writers may have queued since the channel left blocking
            }
        }
        if (key == null) {
            abort();
            return true;
        }
        input.lastRead = loop.now;
        input.start(firstFrames);
        output.flushNow();
        return true;
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
                case OPEN, CLOSING -> input.readFrames();
                case FINISHING -> input.discard();
                default -> holdInput();
            }
        }
    }

    @Override
    public void onLoopEnded() {
        abort();
    }

    @Override
    public void onFailure(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            loop.budget.spentNow(); // and no message built for the log: there may be no memory for it
            EventLoop.report("a connection failed: out of memory", t);
        } else {
            EventLoop.report("connection " + id + " failed unexpectedly", t);
        }
        abort();
    }

    // ------------------------------------------------------------------ input

    /** Reads and decodes what the socket has (loop): after the handshake, when TLS records wait. */
    public void readFrames() {
        input.readFrames();
    }

    /** Feeds input to the decoder (loop); false once the connection stops reading. */
    public boolean decode(ByteBuffer in) {
        return input.decode(in);
    }

    /** At the end of a read burst: what the handlers wrote goes out in one write. */
    void flushIfDirty() {
        if (output.dirty()) {
            flushNow();
        }
    }

    SessionOutput output() {
        return output;
    }

    void pongReceived() {
        pingSentAt = 0;
    }

    boolean keyValid() {
        return key != null && key.isValid();
    }

    /** The engine stops reading (the handler executor is behind, a close is under way). Loop only. */
    public void holdInput() {
        input.pause();
    }

    /** The engine reads again, unless the application paused reading. Loop only. */
    public void releaseInput() {
        input.resume();
    }

    void updateInterest() {
        if (key == null) {
            return;
        }
        int ops = (input.reading() ? SelectionKey.OP_READ : 0) | (output.writeInterest ? SelectionKey.OP_WRITE : 0);
        key.interestOps(ops);
    }

    // ------------------------------------------------------------------ keep-alive and limits

    /** Once a second (loop): write timeout, idle timeout, keep-alive ping, pong timeout; a kept buffer given back. */
    public void keepalive(long now) {
        if (state == OPEN && !peerClosed) {
            SessionLimits.tick(this, now, input.lastRead, !input.pausedByApp);
        }
    }

    /** Writes were refused: closed as a slow consumer (1008), or for the server's memory (1013). Loop only. */
    void slowConsumer(boolean overBudget) {
        SessionLimits.slowConsumer(this, overBudget);
    }

    /** The server's memory budget is spent and this connection holds much of it: closed with 1013. Loop only. */
    public void overBudget() {
        if (!state.ended()) {
            SessionLimits.overBudget(this);
        }
    }

    /** What this connection holds of the server's buffered bytes: a message in progress, unsent output, messages for its handler. */
    public long held() {
        long h = output.pendingBytes();
        if (input.decoder != null) {
            h += input.decoder.heldBytes();
        }
        return h + endpoint.heldForHandlers();
    }

    /** Gives back what is kept only to spare the next message an allocation. Loop only. */
    public void trimBuffers() {
        if (input.decoder != null) {
            input.decoder.trim();
        }
    }

    /** Under the monitor: the code and reason the session ends with. */
    void closedWith(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    // ------------------------------------------------------------------ closing

    /** Protocol or handler error: send our close (if we still may) and finish. Loop only. */
    public void fail(int code, String reason) {
        synchronized (this) {
            if (state == OPEN) {
                closeCode = code;
                closeReason = reason;
                output.putControl(OpCode.CLOSE, CloseFrame.payload(code, reason));
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
        if (input.decoder != null) {
            input.decoder.release();
        }
        callClose();
        endpoint.timers().lingering.add(this, System.nanoTime());
        input.appPause(false); // to the peer's FIN, dropping what comes
        releaseInput();
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

    void closeChannel() {
        synchronized (this) {
            if (state == CLOSED) {
                return;
            }
            state = CLOSED;
            output.release();
            transport.release();
        }
        DeadlineQueue.leave(this);
        if (input.decoder != null) {
            input.decoder.release();
        }
        if (key != null) {
            key.cancel();
        }
        EventLoop.closeQuietly(ch);
        endpoint.released(this);
        if (closeCode == 0) {
            closeCode = CloseCodes.ABNORMAL;
        }
        callClose();
    }

    /** Whether the socket is open (a detached session's may have failed under a writer). */
    public boolean channelOpen() {
        return ch.isOpen();
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
    @Override
    public void flushNow() {
        output.flushNow();
    }

    /** A control frame from the loop (pong, close answer), even while closing. */
    void sendControlOnLoop(OpCode type, byte[] payload) {
        synchronized (this) {
            if (state.ended()) {
                return;
            }
            output.putControl(type, payload);
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
    public java.util.Map<String, String> pathVariables() {
        return endpoint.pathVariables();
    }

    @Override
    public java.security.Principal principal() {
        return endpoint.principal();
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
    public boolean subscribe(String topic) {
        return endpoint.subscribe(this, topic);
    }

    @Override
    public boolean unsubscribe(String topic) {
        return endpoint.unsubscribe(this, topic);
    }

    @Override
    public void key(String key) {
        endpoint.key(this, key);
    }

    @Override
    public String key() {
        return endpoint.key(this);
    }

    @Override
    public boolean write(CharSequence text) {
        return output.sendText(text, true).accepted();
    }

    @Override
    public boolean writeText(ByteBuffer utf8) {
        return output.send(FIN_TEXT, utf8, utf8.position(), utf8.remaining(), true).accepted();
    }

    @Override
    public boolean writeBin(ByteBuffer data) {
        return output.send(FIN_BINARY, data, data.position(), data.remaining(), true).accepted();
    }

    @Override
    public SendStatus send(CharSequence text) {
        return output.sendText(text, false);
    }

    @Override
    public SendStatus sendBinary(ByteBuffer data) {
        return output.send(FIN_BINARY, data, data.position(), data.remaining(), false);
    }

    @Override
    public SendStatus send(PreFramed frame) {
        return output.sendFramed(frame, false);
    }

    @Override
    public long bufferedAmount() {
        synchronized (this) {
            return output.pendingBytes();
        }
    }

    @Override
    public void pauseReading() {
        input.pauseByApp();
    }

    @Override
    public void resumeReading() {
        input.resumeByApp();
    }

    /** Loop only: the application's pause ends (our close was sent; only its answer is read). */
    void resumeReadingOnLoop() {
        input.appPause(false);
    }

    @Override
    public boolean writeFrame(OpCode type, ByteBuffer data) {
        int off = data.position();
        int len = data.remaining();
        CloseFrame.checkWritable(type, data, off, len);
        if (type == OpCode.CLOSE) {
            byte[] payload = new byte[len];
            data.get(off, payload);
            boolean wasOpen = state == OPEN;
            CloseHandshake.start(this, payload, CloseFrame.code(payload), CloseFrame.reason(payload));
            return wasOpen;
        }
        return output.send(FrameWriter.firstByte(true, 0, type), data, off, len, true).accepted();
    }

    @Override
    public boolean writeFramed(PreFramed frame) {
        return output.sendFramed(frame, true).accepted();
    }

    @Override
    public void close(int code, String reason) {
        byte[] payload = CloseFrame.payload(code, reason);
        CloseHandshake.start(this, payload, code, CloseFrame.reason(payload));
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
