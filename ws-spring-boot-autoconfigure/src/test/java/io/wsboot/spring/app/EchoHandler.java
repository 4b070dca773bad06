package io.wsboot.spring.app;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.spring.WsHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Echoes; records close callbacks. */
@WsHandler("/echo")
public class EchoHandler implements Handler {
    private final List<Integer> closeCodes = new CopyOnWriteArrayList<>();

    @Override
    public void handle(Conn conn, Message message) {
        conn.writeFrame(message.type(), message.data());
    }

    /** Close codes seen by close callbacks (a method, not a field: this bean is a CGLIB proxy in tests). */
    public List<Integer> closeCodes() {
        return closeCodes;
    }

    @Override
    public void close(Conn conn) {
        closeCodes.add(conn.closeCode());
    }
}
