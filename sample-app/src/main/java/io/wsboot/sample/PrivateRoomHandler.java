package io.wsboot.sample;

import io.wsboot.Conn;
import io.wsboot.spring.WsHandler;
import io.wsboot.spring.json.JsonHandler;
import io.wsboot.spring.json.WsJson;

/**
 * A private room: JSON messages on a templated path, for signed-in users only (the
 * WsAuthorizationManager in {@link WsSecurityConfig}). Who speaks is the connection's principal,
 * never a name the client sends.
 */
@WsHandler("/private/rooms/{room}")
public class PrivateRoomHandler implements JsonHandler<PrivateRoomHandler.Say> {
    /** What a client sends. */
    public record Say(String text) {
    }

    /** What everyone in the room gets. */
    public record Said(String user, String text) {
    }

    /** The first message on a connection: who the server says you are. */
    public record Welcome(String user, String room) {
    }

    private final WsJson json;

    public PrivateRoomHandler(WsJson json) {
        this.json = json;
    }

    static String topic(Conn conn) {
        return "private:" + conn.pathVariable("room");
    }

    @Override
    public void afterInit(Conn conn) {
        conn.subscribe(topic(conn));
        json.send(conn, new Welcome(conn.principal().getName(), conn.pathVariable("room")));
    }

    @Override
    public void handle(Conn conn, Say say) {
        if (say.text() == null || say.text().isBlank()) {
            return;
        }
        json.publish(topic(conn), new Said(conn.principal().getName(), say.text()));
    }
}
