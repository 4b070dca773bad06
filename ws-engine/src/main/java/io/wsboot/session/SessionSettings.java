package io.wsboot.session;

import io.wsboot.CompressionConfig;
import io.wsboot.ServerConfig;

import java.time.Duration;

/**
 * The settings a {@link Session} runs by, whichever role it serves: declared once here, taken from
 * the server's {@link ServerConfig} (or the client's config) when the role starts, and shared by
 * all its sessions.
 *
 * @param handlePing       pings go to the handler instead of being answered
 * @param handlePong       pongs go to the handler
 * @param handleClose      the peer's close goes to the handler instead of being answered
 * @param closeTimeout     how long our close waits for its answer, and the peer's FIN after it
 * @param queuedBytesLimit unsent bytes one session may queue before it is closed as a slow consumer
 * @param compression      what sending compressed takes (minimum size, level)
 * @param writeTimeout     queued output that makes no progress this long closes the session; 0: off
 * @param idleTimeout      nothing received this long closes the session; 0: off
 * @param pingInterval     nothing received this long sends a ping; 0: off
 * @param pongTimeout      a ping unanswered this long closes the session
 * @param writeHighMark    queued bytes above which a send reports {@code BUFFERED}
 * @param writeLowMark     queued bytes at or under which, after the high mark was passed, the
 *                         handler is told the queue drained
 * @param client           the client's role: every frame sent is masked (RFC 6455 5.3), and a
 *                         thread other than the loop that writes while much is queued waits for
 *                         the queue to drain, as a blocking socket would hold it, instead of its
 *                         write being refused
 */
public record SessionSettings(
        boolean handlePing,
        boolean handlePong,
        boolean handleClose,
        Duration closeTimeout,
        long queuedBytesLimit,
        CompressionConfig compression,
        Duration writeTimeout,
        Duration idleTimeout,
        Duration pingInterval,
        Duration pongTimeout,
        long writeHighMark,
        long writeLowMark,
        boolean client) {

    /** A server's sessions. */
    public static SessionSettings of(ServerConfig c) {
        return new SessionSettings(c.handlePing(), c.handlePong(), c.handleClose(), c.closeTimeout(), c.queuedBytesLimit(),
                c.compression(), c.writeTimeout(), c.idleTimeout(), c.pingInterval(), c.pongTimeout(),
                Math.min(c.writeBufferHighMark(), c.queuedBytesLimit()), Math.min(c.writeBufferLowMark(), c.queuedBytesLimit()), false);
    }
}
