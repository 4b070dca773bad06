package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags the {@code ws.server.message} observation; a bean of the application's replaces {@link DefaultWsMessageObservationConvention}. */
public interface WsMessageObservationConvention extends ObservationConvention<WsMessageContext> {
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof WsMessageContext;
    }
}
