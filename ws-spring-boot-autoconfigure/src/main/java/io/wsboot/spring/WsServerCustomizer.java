package io.wsboot.spring;

import io.wsboot.server.WsServer;

/**
 * Tunes the engine's builder in code, after the {@code ws.*} properties were applied and before
 * the server starts (e.g. {@code builder.handlerExecutor(myExecutor)}). Beans of this type are
 * applied in {@link org.springframework.core.annotation.Order @Order}.
 */
@FunctionalInterface
public interface WsServerCustomizer {
    void customize(WsServer.Builder builder);
}
