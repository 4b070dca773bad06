package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags the {@code ws.server.connection} observation; a bean of the application's replaces {@link DefaultWsConnectionObservationConvention}. */
public interface WsConnectionObservationConvention extends ObservationConvention<WsConnectionContext> {
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof WsConnectionContext;
    }
}
