package io.wsboot.session;

/**
 * Where a session is in its life, as one value instead of a bag of flags. Transitions, all on
 * the connection's loop and under the session's monitor:
 *
 * <pre>
 * INIT -(101 sent)-> OPEN -(our close sent)-> CLOSING -(the peer's answer, or close-timeout)-> FINISHING
 *                    OPEN -(the peer's close answered, protocol error, handler error)-> FINISHING
 * INIT -(an HTTP error answered)-> FINISHING
 * FINISHING: flush, shut our output, read until the peer's FIN (or close-timeout) -> CLOSED
 * any -(EOF, reset, forced stop)-> CLOSED
 * </pre>
 */
public enum SessionState {
    /** Routed; the handler's init runs or the 101 is on its way: nothing may be sent yet. */
    INIT,
    /** Messages flow both ways. */
    OPEN,
    /** Our close is sent: the peer's answer is awaited, its data read and dropped; nothing more is sent. */
    CLOSING,
    /** No more messages either way: what is queued goes out, then our output is shut and the peer's FIN awaited. */
    FINISHING,
    /** The socket is closed and everything given back. */
    CLOSED;

    /** Whether frames from the peer are still read and decoded (its close may be on the way). */
    public boolean reads() {
        return this == OPEN || this == CLOSING;
    }

    /** Whether the session has ended at the protocol level (finishing or closed). */
    public boolean ended() {
        return this == FINISHING || this == CLOSED;
    }
}
