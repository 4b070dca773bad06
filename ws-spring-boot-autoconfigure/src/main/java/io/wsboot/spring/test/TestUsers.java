package io.wsboot.spring.test;

import io.wsboot.Handshake;
import io.wsboot.spring.security.HandshakeAuthenticator;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import java.security.Principal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a {@link WsTestClient} connects as a given user in a test: the client registers the user's
 * {@link Authentication} here under a random id and sends the id in a header, and the server,
 * which has this authenticator first (tests only: it is imported by {@link AutoConfigureWs},
 * never by the application's auto-configuration), takes the user for it. The user is the one
 * given to {@link WsTestClient#as}, else the test thread's security context (what
 * {@code @WithMockUser} or {@code @WithUserDetails} set), as MockMvc does.
 */
final class TestUsers implements HandshakeAuthenticator, WsTestClient.Identities {
    static final String HEADER = "X-Wsboot-Test-User";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Authentication> users = new ConcurrentHashMap<>();

    @Override
    public Authentication authenticate(Handshake handshake) {
        String id = handshake.header(HEADER);
        if (id == null) {
            return null;
        }
        Authentication user = users.get(id);
        if (user == null) {
            throw new BadCredentialsException("unknown test user " + id);
        }
        return user;
    }

    @Override
    public Principal current() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null || a instanceof AnonymousAuthenticationToken || !a.isAuthenticated() ? null : a;
    }

    @Override
    public Principal user(String name, String... roles) {
        String[] authorities = new String[roles.length];
        for (int i = 0; i < roles.length; i++) {
            authorities[i] = roles[i].startsWith("ROLE_") ? roles[i] : "ROLE_" + roles[i];
        }
        return UsernamePasswordAuthenticationToken.authenticated(name, "n/a", AuthorityUtils.createAuthorityList(authorities));
    }

    @Override
    public Map<String, String> headersFor(Principal user) {
        if (!(user instanceof Authentication a)) {
            throw new IllegalArgumentException("with Spring Security, a test user is an Authentication, not " + user.getClass().getName());
        }
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String key = HexFormat.of().formatHex(id);
        users.put(key, a);
        return Map.of(HEADER, key);
    }
}
