package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.common.KeyValues;

/**
 * {@code ws.server.handshake}, tagged with the handler path's template, the outcome and the HTTP
 * status; the request's own path and the client's address go to traces only.
 */
public class DefaultWsHandshakeObservationConvention implements WsHandshakeObservationConvention {
    @Override
    public String getName() {
        return "ws.server.handshake";
    }

    @Override
    public String getContextualName(WsHandshakeContext context) {
        return "ws handshake " + context.path();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WsHandshakeContext context) {
        return KeyValues.of("path", context.path(), "outcome", context.outcome(), "status", Integer.toString(context.status()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(WsHandshakeContext context) {
        var h = context.handshake();
        KeyValues kv = KeyValues.empty();
        if (h != null) {
            kv = kv.and("url.path", h.path());
        }
        String client = context.getRemoteServiceAddress();
        return client == null ? kv : kv.and("client.address", client);
    }
}
