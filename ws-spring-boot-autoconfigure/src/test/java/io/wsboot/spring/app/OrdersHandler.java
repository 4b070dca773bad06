package io.wsboot.spring.app;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.Message;
import io.wsboot.spring.WsHandler;

/** Follows one order: /orders?id=42 subscribes to the topic orders:42. */
@WsHandler("/orders")
public class OrdersHandler implements Handler {
    @Override
    public void init(Handshake handshake, Conn conn) {
        conn.attach("orders:" + handshake.queryParam("id"));
    }

    @Override
    public void afterInit(Conn conn) {
        conn.subscribe(conn.attachment());
    }

    @Override
    public void handle(Conn conn, Message message) {
    }
}
