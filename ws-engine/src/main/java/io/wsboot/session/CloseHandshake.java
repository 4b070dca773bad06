package io.wsboot.session;

import io.wsboot.codec.CloseFrame;
import io.wsboot.frame.OpCode;

import java.nio.ByteBuffer;

import static io.wsboot.session.SessionState.CLOSING;
import static io.wsboot.session.SessionState.OPEN;

/**
 * The close handshake of a {@link Session}, whichever side starts it: ours sent and its answer
 * awaited (close-timeout), or the peer's answered once the handler calls before it have returned
 * (or handed to the handler with handle-close). Stateless: what it keeps (the peer closed, the
 * code and reason) is the session's.
 */
final class CloseHandshake {
    private CloseHandshake() {
    }

    /** Sends our close frame and waits for the answer (close-timeout). Any thread. */
    static void start(Session s, byte[] payload, int code, String reason) {
        boolean onLoop = s.loop.inLoop();
        synchronized (s) {
            if (s.state != OPEN) {
                return;
            }
            s.state = CLOSING;
            if (!s.peerClosed) {
                s.closedWith(code, reason);
            }
            s.output().putClose(payload);
        }
        if (onLoop) {
            sent(s);
        } else {
            s.loop.execute(() -> sent(s));
        }
    }

    private static void sent(Session s) {
        if (s.state == CLOSING && !s.peerClosed) {
            s.endpoint.timers().closing.add(s, System.nanoTime());
            s.resumeReadingOnLoop(); // no message follows our close: read on to the answer, even if paused
        }
    }

    /** The peer's close frame: the answer to ours, or the start of the close handshake (answered after the handlers). Loop. */
    static void received(Session s, ByteBuffer buf, int offset, int length) {
        if (s.state == CLOSING) {
            s.finish(); // the answer to our close
            return;
        }
        int code = CloseFrame.code(buf, offset, length);
        String reason = CloseFrame.reason(buf, offset, length);
        s.peerClosed = true;
        synchronized (s) {
            s.closedWith(code, reason);
        }
        s.holdInput(); // nothing more to read but the peer's FIN
        if (s.cfg.handleClose()) {
            // the handler decides what to answer; the connection ends once it has seen the close
            s.endpoint.deliver(s, OpCode.CLOSE, buf, offset, length);
            s.endpoint.afterHandlers(s::finish);
            return;
        }
        // the answers to the messages before the close (on an executor, maybe not written yet) go first
        byte[] echo = CloseFrame.echo(code);
        s.endpoint.afterHandlers(() -> answer(s, echo));
        if (!s.state.ended()) {
            s.loop.schedule(() -> answer(s, echo), s.cfg.closeTimeout().toNanos()); // a handler that hangs holds it no longer
        }
    }

    private static void answer(Session s, byte[] echo) {
        if (!s.state.ended()) {
            s.sendControlOnLoop(OpCode.CLOSE, echo);
            s.finish();
        }
    }
}
