package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import io.wsboot.Handshake;
import io.wsboot.PathStats;
import io.wsboot.ServerObserver;

/**
 * The server's Micrometer observations: each handshake routed to a handler path
 * ({@code ws.server.handshake}), each connection's lifetime ({@code ws.server.connection}, its
 * child) and, when asked for, each message handled ({@code ws.server.message}, the connection's
 * child). With {@code scopes} (a tracer in the application), handler calls run in the current
 * observation's scope: {@code init} in the handshake's, the others in the connection's or the
 * message's, so that spans they start are children.
 */
public final class WsServerObservations implements ServerObserver {
    final ObservationRegistry registry;
    final WsHandshakeObservationConvention handshakes;
    final WsConnectionObservationConvention connections;
    final WsMessageObservationConvention messageConvention;
    final boolean messages;
    final boolean scopes;

    /**
     * @param handshakes  the application's convention, or null for the default (likewise the others)
     * @param messages    an observation per message handled
     * @param scopes      handler calls open their observation's scope
     */
    public WsServerObservations(ObservationRegistry registry, WsHandshakeObservationConvention handshakes,
                                WsConnectionObservationConvention connections, WsMessageObservationConvention messageConvention,
                                boolean messages, boolean scopes) {
        this.registry = registry;
        this.handshakes = handshakes;
        this.connections = connections;
        this.messageConvention = messageConvention;
        this.messages = messages;
        this.scopes = scopes;
    }

    static final WsHandshakeObservationConvention DEFAULT_HANDSHAKE = new DefaultWsHandshakeObservationConvention();
    static final WsConnectionObservationConvention DEFAULT_CONNECTION = new DefaultWsConnectionObservationConvention();
    static final WsMessageObservationConvention DEFAULT_MESSAGE = new DefaultWsMessageObservationConvention();

    /** Whether each message handled is an observation. */
    public boolean observesMessages() {
        return messages;
    }

    @Override
    public PathObserver path(String path, PathStats stats) {
        return new PathObserver() {
            @Override
            public ConnectionObserver connection(Handshake handshake) {
                return registry.isNoop() ? ConnectionObserver.NOOP : new ObservedConnection(WsServerObservations.this, handshake);
            }
        };
    }
}
