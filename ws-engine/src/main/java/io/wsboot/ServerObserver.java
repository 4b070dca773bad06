package io.wsboot;

/**
 * Sees what the server does, for metrics (the Spring starter feeds Micrometer with it). The
 * engine resolves one {@link PathObserver} per handler path at start-up and calls it for the
 * rare events (connections, rejections, errors). Messages are not pushed one by one: they are
 * counted by the engine in {@link PathStats}, handed over with the path, for the observer to
 * read when it wants. For tracing, a path's observer may also follow each connection through a
 * {@link ConnectionObserver}. Calls may come from any thread; implementations must be thread-safe
 * and must not throw.
 */
public interface ServerObserver {
    /** Observes nothing. */
    ServerObserver NOOP = new ServerObserver() {
    };

    /** Several observers as one (each event goes to each, in order). */
    static ServerObserver composite(java.util.List<? extends ServerObserver> observers) {
        return new CompositeServerObserver(java.util.List.copyOf(observers));
    }

    /** Called once per handler path when the server starts; {@code stats} counts its messages. */
    default PathObserver path(String path, PathStats stats) {
        return PathObserver.NOOP;
    }

    /**
     * A handshake was answered with an HTTP error. {@code path} is the handler path when the
     * request reached one, else null (bad request, unknown path, timeout...).
     */
    default void handshakeRejected(String path, RejectReason reason, int status) {
    }

    /** Why a handshake was refused. */
    enum RejectReason {
        /** Not a valid WebSocket handshake (400, 405, 505). */
        MALFORMED,
        /** Sec-WebSocket-Version other than 13 (426). */
        UNSUPPORTED_VERSION,
        /** Larger than handshake-max-size (431). */
        TOO_LARGE,
        /** Not complete within handshake-timeout (408). */
        TIMEOUT,
        /** No handler at the path (404). */
        NO_HANDLER,
        /** The handler's init threw HandshakeRejection (its status). */
        REJECTED_BY_HANDLER,
        /** No credentials, or credentials that did not authenticate (401: HandshakeRejection.unauthorized). */
        UNAUTHENTICATED,
        /** Authenticated, but not allowed on the path (403: HandshakeRejection.forbidden). */
        FORBIDDEN,
        /** The handler's init threw something else (500). */
        HANDLER_ERROR,
        /** The server is stopping (503). */
        SHUTTING_DOWN,
        /** The Origin header is not among ws.allowed-origins (403). */
        ORIGIN_NOT_ALLOWED,
        /** max-connections reached (503). */
        TOO_MANY_CONNECTIONS,
        /** max-handshakes in progress reached: answered at once, the request unread (503). */
        TOO_MANY_HANDSHAKES,
        /** max-handshakes-per-address in progress from the client's address: answered at once (503). */
        TOO_MANY_HANDSHAKES_FROM_ADDRESS,
        /** max-connections-per-address open from the client's address (503). */
        TOO_MANY_CONNECTIONS_FROM_ADDRESS
    }

    /** A limit that ended a connection. */
    enum Limit {
        /** Nothing received for idle-timeout (closed with 1001). */
        IDLE_TIMEOUT,
        /** A ping got no pong within pong-timeout (closed with 1001). */
        PONG_TIMEOUT,
        /** More than max-queued-bytes unsent (closed with 1008). */
        SLOW_CONSUMER,
        /** Queued output made no progress for write-timeout (closed with 1008). */
        WRITE_TIMEOUT,
        /** The server's max-buffered-bytes was spent and this connection held the most (closed with 1013). */
        MEMORY_BUDGET,
        /** A compressed message inflated beyond the max-inflate-ratio (closed with 1009). */
        INFLATE_RATIO,
        /** A subscribe beyond max-subscriptions was refused (the connection stays open). */
        MAX_SUBSCRIPTIONS
    }

    /** The traffic of one handler path. */
    interface PathObserver {
        PathObserver NOOP = new PathObserver() {
        };

        /** A connection opened (101 sent), {@code handshakeNanos} after it was accepted. */
        default void opened(long handshakeNanos) {
        }

        /** A connection ended; {@code code} as {@link Conn#closeCode()} reports it. */
        default void closed(int code) {
        }

        /** A handler call threw. */
        default void handlerError(Throwable error) {
        }

        /** A limit ended a connection. */
        default void limitReached(Limit limit) {
        }

        /**
         * A request was routed to this path, before the origin check and the handler's
         * {@code init}: what follows its handshake and, once open, its connection. {@code NOOP}
         * (the default) costs the engine nothing per message.
         */
        default ConnectionObserver connection(Handshake handshake) {
            return ConnectionObserver.NOOP;
        }
    }

    /** Which handler callback is being called. */
    enum HandlerCall {
        INIT, AFTER_INIT, MESSAGE, DRAINED, CLOSE
    }

    /**
     * One connection, from its routing to its end. It ends with exactly one of
     * {@link #rejected} (an HTTP error answered) and {@link #closed} (after the handler's
     * {@code close} returned, or 1006 when the client left before the handshake was answered).
     * The handler calls between are bracketed by {@link #calling} and {@link #returned}, on the
     * thread that runs them, one at a time.
     */
    interface ConnectionObserver {
        ConnectionObserver NOOP = new ConnectionObserver() {
        };

        /** The 101 is on its way. */
        default void opened(Conn conn) {
        }

        /** The handshake was answered with an HTTP error (the last call). */
        default void rejected(RejectReason reason, int status) {
        }

        /** The connection ended with {@code code} (the last call). */
        default void closed(int code) {
        }

        /** A handler call starts; {@code message} only for {@link HandlerCall#MESSAGE}, valid until {@link #returned}. */
        default void calling(HandlerCall call, Message message) {
        }

        /** The handler call returned, or threw {@code error}. */
        default void returned(Throwable error) {
        }
    }
}
