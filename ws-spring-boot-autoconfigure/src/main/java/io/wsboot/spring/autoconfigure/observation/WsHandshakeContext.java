package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.wsboot.Handshake;

/**
 * The {@code ws.server.handshake} observation's context: a request routed to a handler path, from
 * then until its 101 or its HTTP error. Its carrier is the request, so that a tracer continues
 * the trace its {@code traceparent} header names.
 */
public class WsHandshakeContext extends ReceiverContext<Handshake> {
    /** The outcome of a handshake answered 101. */
    public static final String ACCEPTED = "accepted";
    /** The outcome of a client that left before its handshake was answered. */
    public static final String CLIENT_GONE = "client_gone";

    private final String path;
    private Handshake handshake;
    private String outcome = "unknown";
    private int status;

    public WsHandshakeContext(Handshake handshake) {
        super((carrier, key) -> carrier == null ? null : carrier.header(key), Kind.SERVER);
        this.handshake = handshake;
        this.path = handshake.handlerPath();
        setCarrier(handshake);
        setRemoteServiceAddress(handshake.remoteAddress() == null ? null : handshake.remoteAddress().getAddress().getHostAddress());
    }

    /** The handler path, as its template ({@code /rooms/{room}}). */
    public String path() {
        return path;
    }

    /** The request; null once the handshake was answered (the context outlives it as the connection's parent). */
    public Handshake handshake() {
        return handshake;
    }

    /** {@link #ACCEPTED}, {@link #CLIENT_GONE}, or the refusal's reason in lower case ({@code origin_not_allowed}). */
    public String outcome() {
        return outcome;
    }

    /** The HTTP status answered: 101, the error's, or 0 when none was. */
    public int status() {
        return status;
    }

    void answered(String outcome, int status) {
        this.outcome = outcome;
        this.status = status;
    }

    /** Lets the request go once the observation stopped. */
    void release() {
        handshake = null;
        setCarrier(null);
    }
}
