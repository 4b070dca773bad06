package io.wsboot;

import io.wsboot.ServerObserver.RejectReason;
import io.wsboot.handshake.HandshakeResponses;

import java.util.ArrayList;
import java.util.List;

/**
 * Thrown from {@link Handler#init} to refuse a connection: the client gets {@link #status()}
 * with the message as a plain-text body. Carries no stack trace (it is an answer, not a bug).
 */
public final class HandshakeRejection extends RuntimeException {
    private final int status;
    private final RejectReason reason;
    private final List<String> headers = new ArrayList<>(0);

    /** A refusal counted as {@link RejectReason#REJECTED_BY_HANDLER}. */
    public HandshakeRejection(int status, String message) {
        this(status, message, RejectReason.REJECTED_BY_HANDLER);
    }

    /** A refusal counted as {@code reason} in the metrics. */
    public HandshakeRejection(int status, String message, RejectReason reason) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("rejection status must be 4xx or 5xx, was " + status);
        }
        this.status = status;
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    /** What the refusal counts as in the metrics. */
    public RejectReason reason() {
        return reason;
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

    /** 401, counted as {@link RejectReason#UNAUTHENTICATED}: no credentials, or ones that did not authenticate. */
    public static HandshakeRejection unauthorized(String message) {
        return new HandshakeRejection(401, message, RejectReason.UNAUTHENTICATED);
    }

    /** 403, counted as {@link RejectReason#FORBIDDEN}: authenticated, but not allowed here. */
    public static HandshakeRejection forbidden(String message) {
        return new HandshakeRejection(403, message, RejectReason.FORBIDDEN);
    }
}
