package io.wsboot;

/**
 * How a send went ({@link Conn#send(CharSequence)}, {@code WsClient.send}): what an application
 * that produces faster than its peer reads needs to know to slow down before the connection's
 * bound is reached, not after.
 */
public enum SendStatus {
    /** Accepted; what is queued for the socket is at or under the write-buffer high mark. */
    SENT,
    /**
     * Accepted, but what is queued now exceeds the write-buffer high mark: stop producing for
     * this connection until its handler's {@code drained} call says the queue fell to the low mark.
     */
    BUFFERED,
    /**
     * Not sent: the connection is closing or closed, or this message would have exceeded
     * max-queued-bytes (or the server's memory budget), which closes it as a slow consumer.
     */
    REFUSED;

    /** Whether the message was accepted (sent or queued). */
    public boolean accepted() {
        return this != REFUSED;
    }
}
