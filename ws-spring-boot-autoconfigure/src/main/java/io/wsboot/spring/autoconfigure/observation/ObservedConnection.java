package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.wsboot.Conn;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.ServerObserver.ConnectionObserver;
import io.wsboot.ServerObserver.HandlerCall;
import io.wsboot.ServerObserver.RejectReason;

import java.util.Locale;

/**
 * One connection's observations: its handshake from the moment it is routed, then its lifetime.
 * The engine calls it one call at a time (handler calls on their thread, in order), so the open
 * scope and the running message observation are plain fields.
 */
final class ObservedConnection implements ConnectionObserver {
    private final WsServerObservations config;
    private final String path;
    private WsHandshakeContext handshakeContext;
    /** The handshake's until it is answered, then null. */
    private Observation handshake;
    /** Once open. */
    private Observation connection;
    private Conn conn;
    private Observation message;
    private Observation.Scope scope;

    ObservedConnection(WsServerObservations config, io.wsboot.Handshake request) {
        this.config = config;
        this.path = request.handlerPath();
        handshakeContext = new WsHandshakeContext(request);
        WsHandshakeContext context = handshakeContext;
        handshake = Observation.createNotStarted(config.handshakes, WsServerObservations.DEFAULT_HANDSHAKE, () -> context,
                config.registry).start();
    }

    @Override
    public void opened(Conn conn) {
        this.conn = conn;
        WsConnectionContext context = new WsConnectionContext(path, conn);
        connection = Observation.createNotStarted(config.connections, WsServerObservations.DEFAULT_CONNECTION, () -> context,
                config.registry).parentObservation(handshake);
        endHandshake(WsHandshakeContext.ACCEPTED, 101);
        connection.start();
        // the tracer took its parent span at start: the handshake's observation need not live as long as the connection
        context.setParentObservation(null);
    }

    @Override
    public void rejected(RejectReason reason, int status) {
        endHandshake(reason.name().toLowerCase(Locale.ROOT), status);
    }

    @Override
    public void closed(int code) {
        if (connection == null) {
            endHandshake(WsHandshakeContext.CLIENT_GONE, 0);
            return;
        }
        ((WsConnectionContext) connection.getContext()).closed(code);
        connection.stop();
    }

    private void endHandshake(String outcome, int status) {
        handshakeContext.answered(outcome, status);
        handshake.stop();
        handshakeContext.release();
        handshake = null;
        handshakeContext = null;
    }

    @Override
    public void calling(HandlerCall call, Message m) {
        if (call == HandlerCall.INIT) {
            if (config.scopes) {
                scope = handshake.openScope();
            }
        } else if (call == HandlerCall.MESSAGE && config.messages) {
            WsMessageContext context = new WsMessageContext(path, conn, m);
            message = Observation.createNotStarted(config.messageConvention, WsServerObservations.DEFAULT_MESSAGE, () -> context,
                    config.registry).parentObservation(connection).start();
            if (config.scopes) {
                scope = message.openScope();
            }
        } else if (config.scopes) {
            scope = connection.openScope();
        }
    }

    @Override
    public void returned(Throwable error) {
        if (scope != null) {
            scope.close();
            scope = null;
        }
        if (message != null) {
            if (error != null) {
                message.error(error);
            }
            message.stop();
            message = null;
        }
        if (error != null && !(error instanceof HandshakeRejection)) {
            (connection != null ? connection : handshake).error(error);
        }
    }
}
