package io.wsboot.sample;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.spring.WsHandler;

/** Echoes text as text and binary as binary, up to ws.max-size. */
@WsHandler("/echo")
public class EchoHandler implements Handler {
    @Override
    public void handle(Conn conn, Message message) {
        conn.writeFrame(message.type(), message.data());
    }
}
