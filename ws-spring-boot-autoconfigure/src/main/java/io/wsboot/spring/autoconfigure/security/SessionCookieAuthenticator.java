package io.wsboot.spring.autoconfigure.security;

import io.wsboot.Handshake;
import io.wsboot.spring.security.HandshakeAuthenticator;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The session cookie of the application's main port. Cookies belong to a host, not a port, so a
 * browser logged in there sends it to the WebSocket port too; with Spring Session the session
 * (and the security context a login stored in it) is in a repository this server can read. The
 * origin check is what keeps another site's page from riding on it (cross-site WebSocket
 * hijacking), so keep {@code ws.allowed-origins} to your own.
 */
final class SessionCookieAuthenticator implements HandshakeAuthenticator {
    /** Where Spring Security keeps the context in a session (HttpSessionSecurityContextRepository's key). */
    static final String CONTEXT_ATTRIBUTE = "SPRING_SECURITY_CONTEXT";
    /**
     * Session cookies of that name looked up per handshake at most: a browser sends one, or two
     * set for different paths; each costs a store lookup (a Redis or JDBC round trip).
     */
    static final int MAX_COOKIES = 3;

    private final SessionRepository<? extends Session> sessions;
    private final String cookieName;

    SessionCookieAuthenticator(SessionRepository<? extends Session> sessions, String cookieName) {
        this.sessions = sessions;
        this.cookieName = cookieName;
    }

    @Override
    public Authentication authenticate(Handshake handshake) {
        String cookies = handshake.header("cookie");
        if (cookies == null) {
            return null;
        }
        int tried = 0;
        for (String pair : cookies.split(";")) {
            int eq = pair.indexOf('=');
            if (eq < 0 || !pair.substring(0, eq).trim().equals(cookieName)) {
                continue;
            }
            if (++tried > MAX_COOKIES) {
                return null; // a header stuffed with session cookies must not cost a store lookup each
            }
            Authentication user = fromSession(pair.substring(eq + 1).trim());
            if (user != null) {
                return user;
            }
        }
        return null;
    }

    /**
     * Spring Session writes the id base64-encoded by default (DefaultCookieSerializer); a raw id
     * (a UUID, which is not base64) works too. One store lookup per cookie.
     */
    private Authentication fromSession(String value) {
        String decoded = base64(value);
        Session s = sessions.findById(decoded != null ? decoded : value);
        if (s == null || s.isExpired()) {
            return null;
        }
        return s.getAttribute(CONTEXT_ATTRIBUTE) instanceof SecurityContext c ? c.getAuthentication() : null;
    }

    private static String base64(String value) {
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
