package io.wsboot.spring.security;

import io.wsboot.Conn;
import org.springframework.security.core.Authentication;

/** What the Spring Security integration puts on a connection, and how a browser sends a token. */
public final class WsSecurity {
    /**
     * The subprotocol that says the next one offered is a bearer token: a browser, which cannot
     * set {@code Authorization} on a WebSocket, connects with
     * {@code new WebSocket(url, ["bearer", token])}. The server answers with {@code bearer} (unless
     * the handler selects a subprotocol of its own) and never echoes the token.
     */
    public static final String BEARER_SUBPROTOCOL = "bearer";

    private WsSecurity() {
    }

    /** Who the connection's handshake authenticated as, or null (anonymous, or no Spring Security in front of its handler). */
    public static Authentication authentication(Conn conn) {
        return conn.principal() instanceof Authentication a ? a : null;
    }
}
