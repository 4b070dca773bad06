package io.wsboot.spring.autoconfigure.security;

import io.wsboot.Handshake;
import io.wsboot.spring.security.HandshakeAuthenticator;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/** {@code Authorization: Basic ...} (service-to-service clients), checked by the application's {@code AuthenticationManager}. */
final class BasicAuthenticator implements HandshakeAuthenticator {
    private final Supplier<AuthenticationManager> manager;

    BasicAuthenticator(Supplier<AuthenticationManager> manager) {
        this.manager = manager;
    }

    @Override
    public Authentication authenticate(Handshake handshake) {
        String header = handshake.header("authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        AuthenticationManager m = manager.get();
        if (m == null) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadCredentialsException("the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new BadCredentialsException("the Basic credentials have no ':'");
        }
        return m.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
}
