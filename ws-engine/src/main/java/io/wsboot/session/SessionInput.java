package io.wsboot.session;

import io.wsboot.ServerObserver.Limit;
import io.wsboot.codec.FrameDecoder;
import io.wsboot.codec.FrameWriter;
import io.wsboot.codec.InflateRatioException;
import io.wsboot.codec.ProtocolException;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.wsboot.session.SessionState.CLOSED;
import static io.wsboot.session.SessionState.FINISHING;
import static io.wsboot.session.SessionState.OPEN;

/**
 * The read side of a {@link Session}: turns of reading into the loop's shared buffer, the
 * decoder fed from it, and what each decoded frame means: messages to the handler, pings
 * answered, pongs noted, the peer's close handed to the session. Reading pauses and resumes
 * here, for the engine (the handler executor's back-pressure, a close under way) and for the
 * application ({@code Conn.pauseReading}), each on its own flag. Loop thread, but for the
 * application's pause and resume.
 */
final class SessionInput implements FrameDecoder.Listener {
    private static final int MAX_READS_PER_TURN = 16;
    private static final int FIN_PONG = FrameWriter.firstByte(true, 0, OpCode.PONG);

    /** What it reads for: its loop, transport, settings and endpoint are the session's. */
    private final Session s;
    /** Set when the session opens. */
    FrameDecoder decoder;
    /** The engine stopped reading. */
    boolean readPaused;
    /**
     * The application stopped reading: what was read already is still delivered, nothing more is
     * read, and idle and keep-alive checks wait. Written on the loop, or under the session's
     * monitor while detached (no loop reads it yet).
     */
    boolean pausedByApp;
    /** The peer broke the protocol: the input is done, our close waits for the handler calls before it. */
    private boolean failing;
    /** When something was last read (loop clock); for idle timeouts and keep-alive pings. */
    long lastRead;

    SessionInput(Session s) {
        this.s = s;
    }

    /** Reads and decodes what the socket has, a bounded number of reads per turn; then flushes the answers. */
    void readFrames() {
        ByteBuffer rb = s.loop.readBuffer;
        s.loop.current = s;
        try {
            int i = 0;
            for (; i < MAX_READS_PER_TURN; i++) { // then let the loop's other connections have their turn
                rb.clear();
                int n = read(rb);
                if (n < 0) {
                    s.abort();
                    return;
                }
                if (n == 0) {
                    break;
                }
                lastRead = s.loop.now;
                rb.flip();
                if (!decode(rb) || (n < rb.capacity() && !s.transport.hasBufferedInput())) {
                    break;
                }
            }
            if (i == MAX_READS_PER_TURN) {
                readBufferedSoon();
            }
        } finally {
            s.loop.current = null;
        }
        s.flushIfDirty();
    }

    /** Reading starts (a client's session, taken over by its loop): first what came with the handshake answer. */
    void start(ByteBuffer firstFrames) {
        if (firstFrames.hasRemaining()) {
            s.loop.current = s;
            try {
                decode(firstFrames);
            } finally {
                s.loop.current = null;
            }
            s.flushIfDirty();
        }
        readBufferedSoon();
    }

    /**
     * TLS records already read from the socket wait in the transport, and the selector will not
     * report them again: come back for them (after a turn cap, or when reading resumes).
     */
    private void readBufferedSoon() {
        if (s.transport.hasBufferedInput()) {
            s.loop.execute(() -> {
                if (s.state.reads() && reading() && s.transport.hasBufferedInput()) {
                    readFrames();
                }
            });
        }
    }

    /** Feeds input to the decoder; false once the connection stops reading. */
    boolean decode(ByteBuffer in) {
        try {
            decoder.feed(in, this);
        } catch (ProtocolException e) {
            if (e instanceof InflateRatioException) {
                s.endpoint.limitReached(Limit.INFLATE_RATIO);
            } else if (e.closeCode() == CloseCodes.TRY_AGAIN_LATER) {
                s.endpoint.limitReached(Limit.MEMORY_BUDGET); // a message could not grow: the budget is spent
            }
            failAfterHandlers(e.closeCode(), e.getMessage());
            return false;
        }
        return s.state.reads() && reading();
    }

    /** Whether the selector should report input. */
    boolean reading() {
        return !readPaused && !pausedByApp;
    }

    /**
     * The peer broke the protocol: nothing more is read, but the messages it sent before (handed
     * to the handler executor, maybe not yet handled) are answered first, and our close follows
     * what the handler wrote, as on the loop. A handler that does not return within
     * close-timeout does not hold the close back longer.
     */
    private void failAfterHandlers(int code, String reason) {
        failing = true;
        pause();
        s.endpoint.afterHandlers(() -> s.fail(code, reason));
        if (!s.state.ended()) {
            s.loop.schedule(() -> s.fail(code, reason), s.cfg.closeTimeout().toNanos());
        }
    }

    /** FINISHING: what still arrives is read and dropped until the peer's FIN. */
    void discard() {
        ByteBuffer rb = s.loop.readBuffer;
        for (int i = 0; i < MAX_READS_PER_TURN; i++) {
            int n = read(rb.clear());
            if (n < 0) {
                s.closeChannel();
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
            return s.transport.read(rb);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public boolean onMessage(OpCode type, ByteBuffer buf, int offset, int length) {
        s.endpoint.received(type, length);
        if (s.state == OPEN && !s.peerClosed) {
            s.endpoint.deliver(s, type, buf, offset, length);
        }
        // after our close frame, data is read and dropped while we wait for the answer
        return s.state.reads();
    }

    @Override
    public boolean onControl(OpCode type, ByteBuffer buf, int offset, int length) {
        s.endpoint.received(type, length);
        switch (type) {
            case PING -> {
                if (s.state == OPEN && !s.peerClosed) {
                    if (s.cfg.handlePing()) {
                        s.endpoint.deliver(s, type, buf, offset, length);
                    } else {
                        s.output().send(FIN_PONG, buf, offset, length);
                    }
                }
                return true;
            }
            case PONG -> {
                s.pongReceived();
                if (s.cfg.handlePong() && s.state == OPEN && !s.peerClosed) {
                    s.endpoint.deliver(s, type, buf, offset, length);
                }
                return true;
            }
            default -> {
                CloseHandshake.received(s, buf, offset, length);
                return false;
            }
        }
    }

    /** The application pauses reading (any thread): done on the loop, or at once while detached. */
    void pauseByApp() {
        if (!appPauseHere(true)) {
            s.loop.execute(() -> appPause(true));
        }
    }

    /** The application reads again (any thread). */
    void resumeByApp() {
        if (!appPauseHere(false)) {
            s.loop.execute(() -> appPause(false));
        }
    }

    private boolean appPauseHere(boolean pause) {
        if (s.loop.inLoop()) {
            appPause(pause);
            return true;
        }
        synchronized (s) {
            if (s.detached) {
                pausedByApp = pause; // the loop that attaches the session reads it after this monitor
            }
            return s.detached;
        }
    }

    /** On the loop: the application's pause set or cleared; a pause counts only while messages may come. */
    void appPause(boolean pause) {
        if (pause == pausedByApp || (pause && s.state != OPEN)) {
            return;
        }
        pausedByApp = pause;
        if (!pause) {
            lastRead = s.loop.now; // the pause was not the peer's silence
            s.pingSentAt = 0;
        }
        if (s.keyValid() && !readPaused) {
            s.updateInterest();
            if (!pause) {
                readBufferedSoon();
            }
        }
    }

    /** Stops reading: the selector stops reporting input. */
    void pause() {
        if (!readPaused && s.keyValid()) {
            readPaused = true;
            s.updateInterest();
        }
    }

    /** Reads again, unless the input is over; in FINISHING, reads (and drops) until the peer's FIN. */
    void resume() {
        if (readPaused && s.keyValid() && s.state != CLOSED && !s.peerClosed && !failing) {
            readPaused = false;
            s.updateInterest();
            readBufferedSoon();
        } else if (s.state == FINISHING && readPaused && s.keyValid()) {
            readPaused = false;
            s.updateInterest();
        }
    }
}
