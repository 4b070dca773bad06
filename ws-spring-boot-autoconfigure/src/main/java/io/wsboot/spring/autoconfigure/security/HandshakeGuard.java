package io.wsboot.spring.autoconfigure.security;

import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.spring.security.HandshakeAuthenticator;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;

import java.util.List;

/**
 * Decides a handshake before the handler sees it: who it is (the first authenticator that finds
 * credentials), then whether that user may open the path. No credentials and refused: 401
 * (counted as unauthenticated); wrong credentials: 401 at once; authenticated and refused: 403
 * (counted as forbidden).
 */
final class HandshakeGuard {
    private static final System.Logger LOG = System.getLogger(HandshakeGuard.class.getName());

    private final List<HandshakeAuthenticator> authenticators;
    private final AuthorizationManager<Handshake> authorization;
    private final Authentication anonymous = new AnonymousAuthenticationToken("wsboot", "anonymousUser",
            AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

    HandshakeGuard(List<HandshakeAuthenticator> authenticators, AuthorizationManager<Handshake> authorization) {
        this.authenticators = List.copyOf(authenticators);
        this.authorization = authorization;
    }

    /** The user the handshake authenticated as (then its principal), or anonymous where the path permits it. */
    Authentication admit(Handshake handshake) {
        Authentication user = authenticate(handshake);
        Authentication subject = user == null ? anonymous : user;
        AuthorizationResult result;
        try {
            result = authorization.authorize(() -> subject, handshake);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the WebSocket authorization of " + handshake.path() + " failed; refusing", e);
            result = null;
        }
        if (result == null || !result.isGranted()) {
            if (user == null) {
                throw HandshakeRejection.unauthorized("authentication required").header("WWW-Authenticate", "Bearer");
            }
            throw HandshakeRejection.forbidden("not allowed on " + handshake.path());
        }
        if (user != null) {
            handshake.principal(user);
        }
        return subject;
    }

    Authentication anonymous() {
        return anonymous;
    }

    private Authentication authenticate(Handshake handshake) {
        for (HandshakeAuthenticator a : authenticators) {
            Authentication user;
            try {
                user = a.authenticate(handshake);
            } catch (AuthenticationException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "WebSocket handshake on " + handshake.path() + " refused: " + e.getMessage());
                throw HandshakeRejection.unauthorized("invalid credentials: " + e.getMessage())
                        .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            }
            if (user != null && user.isAuthenticated()) {
                return user;
            }
        }
        return null;
    }
}
