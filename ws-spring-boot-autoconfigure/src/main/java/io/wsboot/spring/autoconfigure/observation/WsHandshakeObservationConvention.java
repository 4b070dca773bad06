package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags the {@code ws.server.handshake} observation; a bean of the application's replaces {@link DefaultWsHandshakeObservationConvention}. */
public interface WsHandshakeObservationConvention extends ObservationConvention<WsHandshakeContext> {
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof WsHandshakeContext;
    }
}
