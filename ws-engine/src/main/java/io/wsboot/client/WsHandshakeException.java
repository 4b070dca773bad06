package io.wsboot.client;

import java.io.IOException;
import java.util.Map;

/**
 * The server did not accept the WebSocket handshake: it answered another status than 101 (its
 * status, headers and body are here), or a 101 that breaks the protocol (wrong accept key, an
 * extension or subprotocol that was not offered).
 */
public class WsHandshakeException extends IOException {
    private final int status;
    private final Map<String, String> headers;
    private final String body;

    public WsHandshakeException(int status, String message, Map<String, String> headers, String body) {
        super(message);
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
    }

    /** The HTTP status the server answered with. */
    public int status() {
        return status;
    }

    /** The response headers (names lower-cased; first value of each). */
    public Map<String, String> headers() {
        return headers;
    }

    /** The response body (an error page, usually), possibly cut; "" when there was none. */
    public String body() {
        return body;
    }
}
