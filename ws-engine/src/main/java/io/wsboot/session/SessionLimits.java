package io.wsboot.session;

import io.wsboot.ServerObserver.Limit;
import io.wsboot.codec.CloseFrame;
import io.wsboot.codec.FrameWriter;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import io.wsboot.transport.MemoryBudget;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.wsboot.session.SessionState.CLOSED;

/**
 * What a {@link Session} enforces over time and against a peer that does not keep up: the
 * once-a-second pass (write timeout, idle timeout, keep-alive ping and pong timeout, a kept buffer
 * given back), and the slow-consumer and memory-budget trips that drop what the peer left unread.
 * Stateless: what it keeps (the ping awaiting its pong) is the session's. Loop thread only.
 */
final class SessionLimits {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    private static final byte[] PING_PAYLOAD = {'w', 's', 'b', 'o', 'o', 't'};
    private static final int FIN_PING = FrameWriter.firstByte(true, 0, OpCode.PING);
    /** Quiet this long, a connection gives back the large buffer its last large message left it. */
    private static final long KEEPALIVE_QUIET = 500_000_000L;
    private static final String OVER_BUDGET = "server memory for buffered messages is spent (max-buffered-bytes); try again later";

    private SessionLimits() {
    }

    /**
     * Once a second: write timeout, idle timeout, keep-alive ping, pong timeout; a kept buffer
     * given back. While the application has paused reading ({@code reading} false), only the
     * write timeout applies: the peer's silence would be ours.
     */
    static void tick(Session s, long now, long lastRead, boolean reading) {
        SessionSettings cfg = s.cfg;
        Endpoint endpoint = s.endpoint;
        SessionOutput output = s.output();
        if (now - lastRead >= KEEPALIVE_QUIET) {
            s.trimBuffers();
        }
        if (output.stalled(now)) {
            dropUnread(s, Limit.WRITE_TIMEOUT, CloseCodes.POLICY_VIOLATION, "write timeout: queued output made no progress for " + cfg.writeTimeout());
            return;
        }
        if (!reading) {
            return;
        }
        long idle = cfg.idleTimeout().toNanos();
        long interval = cfg.pingInterval().toNanos();
        if (idle > 0 && now - lastRead >= idle) {
            endpoint.limitReached(Limit.IDLE_TIMEOUT);
            s.close(CloseCodes.GOING_AWAY, "idle timeout: nothing received for " + cfg.idleTimeout());
        } else if (s.pingSentAt != 0 && now - s.pingSentAt >= cfg.pongTimeout().toNanos()) {
            // the peer is gone or stuck: no close handshake to wait for
            endpoint.limitReached(Limit.PONG_TIMEOUT);
            s.fail(CloseCodes.GOING_AWAY, "no pong within pong-timeout (" + cfg.pongTimeout() + ")");
        } else if (interval > 0 && s.pingSentAt == 0 && now - lastRead >= interval) {
            s.pingSentAt = now;
            output.send(FIN_PING, ByteBuffer.wrap(PING_PAYLOAD), 0, PING_PAYLOAD.length);
        }
    }

    /** Writes were refused: drops what the peer left unread, 1008 (1013 when the server's memory ran short). */
    static void slowConsumer(Session s, boolean overBudget) {
        if (overBudget) {
            dropUnread(s, Limit.MEMORY_BUDGET, CloseCodes.TRY_AGAIN_LATER, OVER_BUDGET);
        } else {
            dropUnread(s, Limit.SLOW_CONSUMER, CloseCodes.POLICY_VIOLATION, "slow consumer: more than " + s.cfg.queuedBytesLimit() + " bytes unread");
        }
    }

    /** The server's memory budget is spent and this connection holds much of it: closed with 1013. */
    static void overBudget(Session s) {
        if (s.output().pendingBytes() > MemoryBudget.SMALL) {
            dropUnread(s, Limit.MEMORY_BUDGET, CloseCodes.TRY_AGAIN_LATER, OVER_BUDGET);
        } else {
            s.endpoint.limitReached(Limit.MEMORY_BUDGET);
            s.fail(CloseCodes.TRY_AGAIN_LATER, OVER_BUDGET);
        }
    }

    /** Drops the output the peer left unread and ends the connection with {@code code}, counting {@code limit}. */
    private static void dropUnread(Session s, Limit limit, int code, String reason) {
        if (s.state == CLOSED) {
            return;
        }
        s.endpoint.limitReached(limit);
        LOG.log(System.Logger.Level.WARNING, "closing connection " + s.id() + " on " + s.path() + ": " + reason);
        boolean midFrame;
        synchronized (s) {
            midFrame = s.output().dropQueued();
            s.closedWith(code, reason);
        }
        if (midFrame) {
            s.closeChannel(); // a close frame now would land inside a half-sent frame
            return;
        }
        byte[] payload = CloseFrame.payload(code, reason);
        try {
            // best effort: its send buffer is probably full
            s.transport.write(s.output().frame(FrameWriter.firstByte(true, 0, OpCode.CLOSE), ByteBuffer.wrap(payload), 0, payload.length));
        } catch (IOException ignored) {
            // closing anyway
        }
        s.closeChannel();
    }
}
