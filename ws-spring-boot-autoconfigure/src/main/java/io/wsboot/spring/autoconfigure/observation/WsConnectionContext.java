package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.wsboot.Conn;

/** The {@code ws.server.connection} observation's context: a connection from its 101 to its end. */
public class WsConnectionContext extends Observation.Context {
    private final String path;
    private final Conn conn;
    private int closeCode;

    public WsConnectionContext(String path, Conn conn) {
        this.path = path;
        this.conn = conn;
    }

    /** The handler path, as its template. */
    public String path() {
        return path;
    }

    /** The connection (its id, subprotocol, principal...). */
    public Conn conn() {
        return conn;
    }

    /** The code it closed with (1006: without a close frame); 0 while open. */
    public int closeCode() {
        return closeCode;
    }

    void closed(int code) {
        closeCode = code;
    }
}
