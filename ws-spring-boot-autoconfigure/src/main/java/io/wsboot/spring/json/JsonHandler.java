package io.wsboot.spring.json;

import io.wsboot.Conn;
import io.wsboot.Handshake;
import io.wsboot.Message;
import io.wsboot.frame.CloseCodes;
import tools.jackson.core.JacksonException;

/**
 * A handler of typed JSON messages: annotate it with {@code @WsHandler} like a
 * {@link io.wsboot.Handler}, and each text message arrives decoded into a {@code T} by the
 * application's Jackson {@code JsonMapper} (the one Spring Boot configures, with its
 * {@code spring.jackson.*} settings and modules).
 *
 * <pre>{@code
 * record Say(String text) {}
 *
 * @WsHandler("/rooms/{room}")
 * class Room implements JsonHandler<Say> {
 *     private final WsJson json;
 *     Room(WsJson json) { this.json = json; }
 *
 *     public void afterInit(Conn conn) { conn.subscribe(conn.pathVariable("room")); }
 *
 *     public void handle(Conn conn, Say say) {
 *         json.publish(conn.pathVariable("room"), new Said(conn.principal().getName(), say.text()));
 *     }
 * }
 * }</pre>
 *
 * A text message that is not JSON, or not a {@code T}, closes the connection with 1007 and
 * Jackson's reason, unless {@link #invalid} is overridden; a binary message closes it with 1003.
 * The guarantees of {@link io.wsboot.Handler} hold: calls for one connection in order, never at
 * once.
 */
public interface JsonHandler<T> {

    /** See {@link io.wsboot.Handler#init}. */
    default void init(Handshake handshake, Conn conn) throws Exception {
    }

    /** See {@link io.wsboot.Handler#afterInit}. */
    default void afterInit(Conn conn) throws Exception {
    }

    /** A text message, decoded. {@code message} is the handler's to keep. */
    void handle(Conn conn, T message) throws Exception;

    /**
     * A text message that is not valid JSON, or not the shape of a {@code T} (a string where a
     * number belongs, an array for an object, {@code null}). By default the connection is closed
     * with 1007 (invalid payload data) and the reason; override to answer instead and go on.
     * {@code message} is valid during the call only.
     */
    default void invalid(Conn conn, Message message, JacksonException error) throws Exception {
        conn.close(CloseCodes.INVALID_PAYLOAD, JsonFailures.reason(error));
    }

    /** A binary message: by default the connection is closed with 1003 (unsupported data). */
    default void binary(Conn conn, Message message) throws Exception {
        conn.close(CloseCodes.UNSUPPORTED_DATA, "binary messages are not accepted here: send JSON as text");
    }

    /** See {@link io.wsboot.Handler#drained}. */
    default void drained(Conn conn) throws Exception {
    }

    /** See {@link io.wsboot.Handler#close}. */
    default void close(Conn conn) {
    }
}
