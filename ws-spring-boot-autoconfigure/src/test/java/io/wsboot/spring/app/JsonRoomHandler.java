package io.wsboot.spring.app;

import io.wsboot.Conn;
import io.wsboot.Message;
import io.wsboot.spring.WsHandler;
import io.wsboot.spring.json.JsonHandler;
import io.wsboot.spring.json.WsJson;
import tools.jackson.core.JacksonException;

import java.util.concurrent.atomic.AtomicInteger;

/** JSON on a templated path: what one says in a room goes to everyone in it, encoded once. */
@WsHandler("/json/rooms/{room}")
public class JsonRoomHandler implements JsonHandler<JsonRoomHandler.Say> {
    /** How many times a Said was encoded: once per publish, however many hear it. */
    public static final AtomicInteger ENCODED = new AtomicInteger();

    public record Say(String text, Integer times) {
    }

    public record Said(String room, String text) {
        @Override
        public String text() {
            ENCODED.incrementAndGet();
            return text;
        }
    }

    public record Error(String error) {
    }

    private final WsJson json;

    public JsonRoomHandler(WsJson json) {
        this.json = json;
    }

    @Override
    public void afterInit(Conn conn) {
        conn.subscribe(conn.pathVariable("room"));
    }

    @Override
    public void handle(Conn conn, Say say) {
        int times = say.times() == null ? 1 : say.times();
        for (int i = 0; i < times; i++) {
            json.publish(conn.pathVariable("room"), new Said(conn.pathVariable("room"), say.text()));
        }
    }

    /** In the "lenient" room a bad message gets an answer and the connection stays. */
    @Override
    public void invalid(Conn conn, Message message, JacksonException error) throws Exception {
        if ("lenient".equals(conn.pathVariable("room"))) {
            json.send(conn, new Error(io.wsboot.spring.json.JsonFailures.reason(error)));
            return;
        }
        JsonHandler.super.invalid(conn, message, error);
    }
}
