package io.wsboot;

import io.wsboot.frame.OpCode;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One WebSocket connection, as a handler sees it (seed: {@code *websocket.Conn}).
 *
 * <p>Every method is safe to call from any thread, concurrently. Writes never block: what the
 * socket cannot take at once is queued and sent when it can, in the order the writes were made
 * (per thread). Writes made by a handler on the event loop are batched into one socket write per
 * read burst. A write returns {@code false}, and sends nothing, once the connection is closing or
 * closed.
 *
 * <p>Back-pressure: {@link #bufferedAmount()} is what is queued and not yet taken by the socket;
 * the {@code send} methods write as {@code write} does and say whether the queue is now past the
 * write-buffer high mark ({@link SendStatus#BUFFERED}); the handler's {@link Handler#drained} runs
 * when it has fallen back to the low mark. {@link #pauseReading()} stops reading the peer (to
 * forward to a downstream that is slower) until {@link #resumeReading()}.
 */
public interface Conn {

    /** A number unique among this server's connections. */
    long id();

    /** The path of the handler serving this connection: its template ("/rooms/{room}") for a templated path. */
    String path();

    /** What the handler's template captured from the request's path, decoded; empty for a literal path. */
    default java.util.Map<String, String> pathVariables() {
        return java.util.Map.of();
    }

    /** The value the handler's template captured as {@code name}, or null. */
    default String pathVariable(String name) {
        return pathVariables().get(name);
    }

    /**
     * Who the handshake authenticated as ({@link Handshake#principal(java.security.Principal)}
     * during {@code init}), or null. With the Spring Security integration it is the
     * {@code Authentication}.
     */
    default java.security.Principal principal() {
        return null;
    }

    InetSocketAddress remoteAddress();

    /** The subprotocol agreed in the handshake, or null. */
    String subprotocol();

    /** True until a close frame was sent or received, or the connection failed. */
    boolean isOpen();

    /** Per-connection application state (the seed's per-connection Handler value). */
    <T> T attachment();

    void attach(Object attachment);

    /** Sends a text message. */
    boolean write(CharSequence text);

    /** Sends a text message whose payload is already UTF-8 (not checked). */
    default boolean writeText(byte[] utf8) {
        return writeText(ByteBuffer.wrap(utf8));
    }

    /** Sends a text message from the buffer's remaining bytes (already UTF-8; position untouched). */
    boolean writeText(ByteBuffer utf8);

    /** Sends a binary message. */
    default boolean writeBin(byte[] data) {
        return writeBin(ByteBuffer.wrap(data));
    }

    /** Sends a binary message from the buffer's remaining bytes (position untouched). */
    boolean writeBin(ByteBuffer data);

    /** Sends one complete frame of any opcode; control frames carry at most 125 bytes. */
    boolean writeFrame(OpCode type, ByteBuffer data);

    default boolean writeFrame(OpCode type, byte[] data) {
        return writeFrame(type, ByteBuffer.wrap(data));
    }

    /** Sends a frame built once with {@link PreFramed}. */
    boolean writeFramed(PreFramed frame);

    /** Sends a text message, telling whether the queue is now past the high mark, or the message was refused. */
    SendStatus send(CharSequence text);

    /** Sends a binary message from the buffer's remaining bytes (position untouched), telling how it went. */
    SendStatus sendBinary(ByteBuffer data);

    default SendStatus sendBinary(byte[] data) {
        return sendBinary(ByteBuffer.wrap(data));
    }

    /** Sends a frame built once with {@link PreFramed}, telling how it went. */
    SendStatus send(PreFramed frame);

    /**
     * Bytes written and not yet taken by the socket (a browser's {@code bufferedAmount}): frames
     * queued on this connection, including a handler's writes on the event loop until the end of
     * its read burst. 0 once closed.
     */
    long bufferedAmount();

    /**
     * Stops reading from the peer, from any thread: messages already read (at most one read
     * buffer's worth) are still handed over, then nothing more until {@link #resumeReading()}.
     * The peer's writes back up into its own socket buffers (TCP flow control); the idle timeout
     * and keep-alive pings wait meanwhile. Pausing a connection that is closing does nothing.
     */
    void pauseReading();

    /** Reads again after {@link #pauseReading()}; any thread. */
    void resumeReading();

    /**
     * Joins {@code topic} of the server's {@link Topics}: messages published to it are sent to
     * this connection until it leaves or ends. False when it is a member already, has closed, or
     * is a member of max-subscriptions topics already (the server's {@code ws.max-subscriptions}).
     * Any thread.
     */
    default boolean subscribe(String topic) {
        throw new UnsupportedOperationException("this connection has no topics");
    }

    /** Leaves {@code topic}; false when it was not a member. Any thread. */
    default boolean unsubscribe(String topic) {
        throw new UnsupportedOperationException("this connection has no topics");
    }

    /**
     * Files this connection under {@code key} (a user id, say; null: under none), so that
     * {@link Topics#connections(String)} finds it until it ends. One key per connection.
     */
    default void key(String key) {
        throw new UnsupportedOperationException("this connection has no key");
    }

    /** The key given with {@link #key(String)}, or null. */
    default String key() {
        return null;
    }

    /** Starts the close handshake with 1000 (normal closure). */
    default void close() {
        close(io.wsboot.frame.CloseCodes.NORMAL, "");
    }

    /**
     * Starts the close handshake with {@code code} and {@code reason} (cut to fit 123 bytes).
     * The handler's {@code close} runs once the connection has ended.
     */
    void close(int code, String reason);

    /**
     * How the connection ended: the code of the close frame received or sent, 1005 for a close
     * without code, 1006 when it ended without a close frame; 0 while open.
     */
    int closeCode();

    /** The reason that came with {@link #closeCode()}, or "". */
    String closeReason();
}
