package io.wsboot;


/**
 * What an application implements to serve a WebSocket path: the seed's
 * {@code init / afterInit / handle / close} lifecycle.
 *
 * <p>One handler serves every connection on its path; the {@link Conn} passed to each call says
 * which. Keep per-connection state in {@link Conn#attach(Object)} (or use
 * {@link #perConnection(SessionFactory)} to get a fresh object per connection, as in the seed).
 *
 * <p>Guarantees: the calls for one connection are never concurrent and come in order
 * ({@code init}, {@code afterInit}, {@code handle}..., {@code close}); different connections run
 * in parallel. {@code close} runs exactly once for every connection whose {@code init}
 * returned normally, whatever ends it. By default calls run on the connection's event loop:
 * they must not block (use the server's handler executor for blocking code).
 */
@FunctionalInterface
public interface Handler {

    /**
     * Called with the opening handshake before the 101 answer is sent. Throw
     * {@link HandshakeRejection} to refuse the connection with an HTTP status of your choice;
     * any other exception answers 500. The connection must not be written to yet.
     */
    default void init(Handshake handshake, Conn conn) throws Exception {
    }

    /** Called after the 101 answer was sent: the first moment {@code conn} may be written to. */
    default void afterInit(Conn conn) throws Exception {
    }

    /**
     * A text or binary message (and ping, pong, close when the matching {@code handle-*} option
     * is on). The message, and the buffer behind {@link Message#data()}, are only valid during
     * this call: use {@link Message#copy()} to keep it. An exception closes the connection with
     * 1011.
     */
    void handle(Conn conn, Message message) throws Exception;

    /**
     * The bytes queued for {@code conn} went past the write-buffer high mark (a send reported
     * {@link SendStatus#BUFFERED}) and have now fallen to the low mark: a producer that paused for
     * this connection may go on. Once per crossing; where the other calls run. An exception
     * closes the connection with 1011.
     */
    default void drained(Conn conn) throws Exception {
    }

    /**
     * The connection ended (closed by either side, failed, timed out, or server shut down);
     * {@link Conn#closeCode()} says how. No further call follows for this connection.
     */
    default void close(Conn conn) {
    }

    /** The seed's model: a new {@link Session} object per connection, created in {@code init}. */
    static Handler perConnection(SessionFactory factory) {
        return new SessionHandler(factory);
    }

    /** Per-connection handler object, the Java form of the seed's {@code Handler} struct. */
    interface Session {
        default void afterInit() throws Exception {
        }

        void handle(Message message) throws Exception;

        /** See {@link Handler#drained(Conn)}. */
        default void drained() throws Exception {
        }

        default void close() {
        }
    }

    /** Creates the {@link Session} of a connection; may throw {@link HandshakeRejection}. */
    @FunctionalInterface
    interface SessionFactory {
        Session init(Handshake handshake, Conn conn) throws Exception;
    }
}
