package io.wsboot.spring.autoconfigure;

/** The WebSocket server's port is taken. */
public class WsPortInUseException extends IllegalStateException {
    private final int port;

    public WsPortInUseException(int port, Throwable cause) {
        super("WebSocket server port " + port + " is already in use", cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
