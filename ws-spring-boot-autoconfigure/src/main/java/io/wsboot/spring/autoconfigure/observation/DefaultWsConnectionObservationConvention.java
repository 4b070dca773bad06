package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.common.KeyValues;
import io.wsboot.spring.autoconfigure.metrics.CloseCodeTag;

/** {@code ws.server.connection}, tagged with the handler path's template and the close code (the application ranges as 3xxx and 4xxx). */
public class DefaultWsConnectionObservationConvention implements WsConnectionObservationConvention {
    @Override
    public String getName() {
        return "ws.server.connection";
    }

    @Override
    public String getContextualName(WsConnectionContext context) {
        return "ws connection " + context.path();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WsConnectionContext context) {
        return KeyValues.of("path", context.path(), "code", context.closeCode() == 0 ? "open" : CloseCodeTag.of(context.closeCode()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(WsConnectionContext context) {
        return KeyValues.of("ws.connection.id", Long.toString(context.conn().id()));
    }
}
