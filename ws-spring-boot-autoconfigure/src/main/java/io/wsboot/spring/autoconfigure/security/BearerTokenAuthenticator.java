package io.wsboot.spring.autoconfigure.security;

import io.wsboot.Handshake;
import io.wsboot.spring.security.HandshakeAuthenticator;
import io.wsboot.spring.security.WsSecurity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import java.util.List;
import java.util.function.Supplier;

/**
 * A bearer token in {@code Authorization: Bearer ...}, or, from a browser, in
 * {@code Sec-WebSocket-Protocol} right after the {@code bearer} marker, checked by the
 * application's token validation (its {@code JwtDecoder}, or its {@code AuthenticationManager}).
 * Never from the query string: URLs end up in access logs, proxies and browser history.
 */
final class BearerTokenAuthenticator implements HandshakeAuthenticator {
    private final Supplier<AuthenticationManager> manager;

    /** @param manager resolved at the first token (null: nothing can check tokens, none is looked for) */
    BearerTokenAuthenticator(Supplier<AuthenticationManager> manager) {
        this.manager = manager;
    }

    @Override
    public Authentication authenticate(Handshake handshake) {
        String token = fromHeader(handshake.header("authorization"));
        if (token == null) {
            token = fromSubprotocols(handshake.subprotocols());
            if (token == null) {
                return null;
            }
            // answer with the marker, never the token; the handler may still choose its own
            handshake.selectSubprotocol(WsSecurity.BEARER_SUBPROTOCOL);
        }
        AuthenticationManager m = manager.get();
        if (m == null) {
            return null;
        }
        return m.authenticate(new BearerTokenAuthenticationToken(token));
    }

    static String fromHeader(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty()) {
            throw new BadCredentialsException("the Authorization header has an empty bearer token");
        }
        return token;
    }

    static String fromSubprotocols(List<String> offered) {
        int i = offered.indexOf(WsSecurity.BEARER_SUBPROTOCOL);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= offered.size()) {
            throw new BadCredentialsException("the 'bearer' subprotocol must be followed by the token");
        }
        return offered.get(i + 1);
    }
}
