package io.wsboot.client;

import io.wsboot.Message;

/**
 * What the read loop calls (seed: the client handler's {@code handle} and {@code close}).
 * {@code handle} gets text and binary messages (and ping, pong, close with the matching
 * {@code handle*} option). The message is a view of the client's buffer, valid during the call.
 * An exception closes the connection with 1011. {@code close} runs exactly once when the loop
 * exits, whatever the reason.
 */
@FunctionalInterface
public interface ClientHandler {
    void handle(Message message) throws Exception;

    default void close() {
    }
}
