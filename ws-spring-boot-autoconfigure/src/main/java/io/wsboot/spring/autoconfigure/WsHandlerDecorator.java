package io.wsboot.spring.autoconfigure;

import io.wsboot.Handler;

/**
 * Wraps the handler of a path before the server gets it: how the integrations (security) put
 * themselves around every handler call without the handler knowing. Applied in bean order.
 */
@FunctionalInterface
public interface WsHandlerDecorator {
    Handler decorate(String path, Handler handler);
}
