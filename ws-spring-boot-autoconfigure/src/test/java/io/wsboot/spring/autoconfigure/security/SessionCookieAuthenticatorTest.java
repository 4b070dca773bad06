package io.wsboot.spring.autoconfigure.security;

import io.wsboot.testing.WsTesting;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spring Session cookie: found by its base64 or raw id, and a stuffed Cookie header costs a few lookups, not one per value. */
class SessionCookieAuthenticatorTest {
    final AtomicInteger lookups = new AtomicInteger();
    final MapSessionRepository sessions = new MapSessionRepository(new ConcurrentHashMap<>()) {
        @Override
        public MapSession findById(String id) {
            lookups.incrementAndGet();
            return super.findById(id);
        }
    };
    final SessionCookieAuthenticator cookies = new SessionCookieAuthenticator(sessions, "SESSION");

    String login(String user) {
        MapSession s = sessions.createSession();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, AuthorityUtils.NO_AUTHORITIES));
        s.setAttribute(SessionCookieAuthenticator.CONTEXT_ATTRIBUTE, context);
        sessions.save(s);
        return s.getId();
    }

    String userFor(String cookieHeader) {
        var a = cookies.authenticate(WsTesting.handshake("/x").header("Cookie", cookieHeader).build());
        return a == null ? null : a.getName();
    }

    @Test
    void findsTheSessionByItsBase64OrRawIdWithOneLookup() {
        String id = login("ann");
        assertThat(userFor("SESSION=" + Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)))).isEqualTo("ann");
        assertThat(lookups.getAndSet(0)).isEqualTo(1);
        assertThat(userFor("theme=dark; SESSION=" + id)).isEqualTo("ann");
        assertThat(lookups.getAndSet(0)).isEqualTo(1);
        assertThat(userFor("SESSION=bm9zdWNo")).isNull();
    }

    @Test
    void aHeaderStuffedWithSessionCookiesCostsAtMostAFewLookups() {
        login("ann");
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            h.append("SESSION=").append("bogus").append(i).append("; ");
        }
        assertThat(userFor(h.toString())).isNull();
        assertThat(lookups.get()).isEqualTo(SessionCookieAuthenticator.MAX_COOKIES);
    }
}
