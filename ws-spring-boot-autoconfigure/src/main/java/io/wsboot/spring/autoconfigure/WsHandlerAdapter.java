package io.wsboot.spring.autoconfigure;

import io.wsboot.Handler;

/**
 * Serves a {@code @WsHandler} bean that is not an {@link Handler} itself (a
 * {@code JsonHandler}): the JSON integration's way in, without the registry knowing JSON.
 */
@FunctionalInterface
public interface WsHandlerAdapter {
    /** The handler serving {@code bean}, or null when this adapter does not take it. */
    Handler adapt(String beanName, Object bean);
}
