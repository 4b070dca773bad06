package io.wsboot.spring.app;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.spring.WsHandler;

/** A templated path: answers with the room its path names. */
@WsHandler("/rooms/{room}")
public class RoomHandler implements Handler {
    @Override
    public void handle(Conn conn, Message message) {
        conn.write(conn.pathVariable("room") + ": " + message.text());
    }
}
