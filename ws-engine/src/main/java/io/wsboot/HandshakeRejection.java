package io.wsboot;

import io.wsboot.handshake.HandshakeResponses;

import java.util.ArrayList;
import java.util.List;

/**
 * Thrown from {@link Handler#init} to refuse a connection: the client gets {@link #status()}
 * with the message as a plain-text body. Carries no stack trace (it is an answer, not a bug).
 */
public final class HandshakeRejection extends RuntimeException {
    private final int status;
    private final List<String> headers = new ArrayList<>(0);

    public HandshakeRejection(int status, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("rejection status must be 4xx or 5xx, was " + status);
        }
        this.status = status;
    }

    /** Adds a response header, e.g. {@code WWW-Authenticate}. */
    public HandshakeRejection header(String name, String value) {
        headers.add(HandshakeResponses.headerLine(name, value));
        return this;
    }

    public int status() {
        return status;
    }

    /** Extra header lines, {@code "Name: value"}. */
    public List<String> headers() {
        return List.copyOf(headers);
    }

    public static HandshakeRejection badRequest(String message) {
        return new HandshakeRejection(400, message);
    }

    public static HandshakeRejection unauthorized(String message) {
        return new HandshakeRejection(401, message);
    }

    public static HandshakeRejection forbidden(String message) {
        return new HandshakeRejection(403, message);
    }
}
