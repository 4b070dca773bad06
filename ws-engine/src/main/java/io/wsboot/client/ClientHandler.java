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

    /**
     * The bytes queued went past the write-buffer high mark ({@code WsClient.send} reported
     * {@code BUFFERED}) and have fallen to the low mark: a producer may go on. On the read loop;
     * an exception closes the connection with 1011.
     */
    default void drained() throws Exception {
    }

    default void close() {
    }
}
