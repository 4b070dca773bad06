package io.wsboot.handshake;

import java.util.List;

/**
 * An opening handshake that cannot be accepted: answered with {@link #status()} and the
 * message as a plain-text body, then the socket is closed.
 */
public final class HandshakeException extends Exception {
    private final int status;
    private final List<String> headers;

    /** @param headers extra response header lines, e.g. {@code "Sec-WebSocket-Version: 13"} */
    public HandshakeException(int status, String message, List<String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = List.copyOf(headers);
    }

    public HandshakeException(int status, String message) {
        this(status, message, List.of());
    }

    public int status() {
        return status;
    }

    public List<String> headers() {
        return headers;
    }
}
