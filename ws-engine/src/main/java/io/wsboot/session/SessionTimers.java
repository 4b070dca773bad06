package io.wsboot.session;

import io.wsboot.transport.DeadlineQueue;
import io.wsboot.transport.EventLoop;

import java.time.Duration;

/**
 * The timeouts a loop keeps for its sessions, for one close-timeout: waiting for the answer to our
 * close frame, and lingering after the close for the peer's FIN. Made once per loop by the role.
 */
public final class SessionTimers {
    public final DeadlineQueue closing;
    public final DeadlineQueue lingering;

    public SessionTimers(EventLoop loop, Duration closeTimeout) {
        long nanos = closeTimeout.toNanos();
        this.closing = loop.timeouts(nanos, n -> ((Session) n).onCloseTimeout());
        this.lingering = loop.timeouts(nanos, n -> ((Session) n).onLingerTimeout());
    }
}
