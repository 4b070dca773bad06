package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.wsboot.Conn;
import io.wsboot.Message;

/** The {@code ws.server.message} observation's context: one message handed to its handler. */
public class WsMessageContext extends Observation.Context {
    private final String path;
    private final Conn conn;
    private final Message message;

    public WsMessageContext(String path, Conn conn, Message message) {
        this.path = path;
        this.conn = conn;
        this.message = message;
    }

    /** The handler path, as its template. */
    public String path() {
        return path;
    }

    public Conn conn() {
        return conn;
    }

    /** The message: read it only while the observation runs (on the loop it is a view of a reused buffer). */
    public Message message() {
        return message;
    }
}
