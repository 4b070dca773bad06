package io.wsboot.spring.app;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.spring.WsHandler;

/** Needs ?name= (403 without), greets on open, prefixes every message with the name. */
@WsHandler(path = "/greet")
public class GreetingHandler implements Handler {
    private final GreetingService greetings;

    public GreetingHandler(GreetingService greetings) {
        this.greetings = greetings;
    }

    @Override
    public void init(Handshake handshake, Conn conn) {
        String name = handshake.queryParam("name");
        if (name == null) {
            throw new HandshakeRejection(403, "name required");
        }
        conn.attach(name);
    }

    @Override
    public void afterInit(Conn conn) {
        conn.write(greetings.greet(conn.attachment()));
    }

    @Override
    public void handle(Conn conn, Message message) {
        conn.write(conn.<String>attachment() + ": " + message.text());
    }
}
