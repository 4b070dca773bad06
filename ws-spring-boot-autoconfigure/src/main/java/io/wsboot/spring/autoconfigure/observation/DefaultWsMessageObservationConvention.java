package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.common.KeyValues;
import io.wsboot.frame.OpCode;

/** {@code ws.server.message}, tagged with the handler path's template and the message's type. */
public class DefaultWsMessageObservationConvention implements WsMessageObservationConvention {
    private static final KeyValues TEXT = KeyValues.of("type", "text");
    private static final KeyValues BINARY = KeyValues.of("type", "binary");

    @Override
    public String getName() {
        return "ws.server.message";
    }

    @Override
    public String getContextualName(WsMessageContext context) {
        return "ws message " + context.path();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WsMessageContext context) {
        return (context.message().type() == OpCode.TEXT ? TEXT : BINARY).and("path", context.path());
    }
}
