package io.wsboot.spring.security;

import io.wsboot.Handshake;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * One way a WebSocket handshake carries credentials: a bearer token, a session cookie, an API
 * key. The starter brings those it can build from the application's beans (a {@code JwtDecoder}
 * or {@code AuthenticationManager}, a Spring Session {@code SessionRepository}); an application
 * adds its own as beans, tried in their {@code @Order} after the built-in ones.
 */
@FunctionalInterface
public interface HandshakeAuthenticator {

    /**
     * The authenticated user, or null when the handshake carries no credentials of this kind (the
     * next authenticator is tried).
     *
     * @throws AuthenticationException for credentials that are present but wrong or expired:
     *         the handshake is answered 401 at once
     */
    Authentication authenticate(Handshake handshake) throws AuthenticationException;
}
