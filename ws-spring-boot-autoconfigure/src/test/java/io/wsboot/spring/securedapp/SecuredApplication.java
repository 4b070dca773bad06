package io.wsboot.spring.securedapp;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.Message;
import io.wsboot.spring.WsHandler;
import io.wsboot.spring.security.WsAuthorizationManager;
import io.wsboot.spring.security.WsSecurity;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.security.access.prepost.PreAuthorize;

import java.util.concurrent.ConcurrentHashMap;

/**
 * An application secured the way a Boot team would: a JwtDecoder trusting its issuer's key, roles
 * in a "roles" claim, an AuthenticationManager for service accounts (Basic), Spring Session, method
 * security, and rules per path.
 */
@SpringBootApplication
@EnableMethodSecurity
public class SecuredApplication {
    public static final TestJwts JWTS = new TestJwts();

    @Bean
    JwtDecoder jwtDecoder() {
        return JWTS.decoder();
    }

    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter c = new JwtAuthenticationConverter();
        c.setJwtGrantedAuthoritiesConverter(roles);
        return c;
    }

    @Bean
    AuthenticationManager authenticationManager() {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
                User.withUsername("robot").password(encoder.encode("beep")).roles("USER").build());
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        return new ProviderManager(provider);
    }

    @Bean
    MapSessionRepository sessionRepository() {
        return new MapSessionRepository(new ConcurrentHashMap<>());
    }

    @Bean
    WsAuthorizationManager wsAuthorization() {
        return WsAuthorizationManager.builder()
                .paths("/public/**").permitAll()
                .paths("/admin/**").hasRole("ADMIN")
                .paths("/users/{user}").access((auth, handshake) ->
                        new AuthorizationDecision(auth.get().getName().equals(handshake.pathVariable("user"))))
                .paths("/closed").denyAll()
                .anyPath().authenticated()
                .build();
    }

    @Bean
    Vault vault() {
        return new Vault();
    }

    /** Method security, reached from a handler: it sees the connection's user. */
    public static class Vault {
        @PreAuthorize("hasRole('ADMIN')")
        public String secret() {
            return "the secret";
        }
    }

    /** Tells who the connection is, what the security context says, and whether the vault opens. */
    static class WhoAmI implements Handler {
        private final Vault vault;

        WhoAmI(Vault vault) {
            this.vault = vault;
        }

        @Override
        public void init(Handshake handshake, Conn conn) {
            conn.attach(SecurityContextHolder.getContext().getAuthentication().getName());
        }

        @Override
        public void handle(Conn conn, Message message) {
            String vaultAnswer;
            try {
                vaultAnswer = vault.secret();
            } catch (org.springframework.security.access.AccessDeniedException e) {
                vaultAnswer = "denied";
            }
            var user = WsSecurity.authentication(conn);
            conn.write("principal=" + (user == null ? "-" : user.getName())
                    + " init=" + conn.<String>attachment()
                    + " context=" + SecurityContextHolder.getContext().getAuthentication().getName()
                    + " vault=" + vaultAnswer
                    + " protocol=" + conn.subprotocol());
        }
    }

    @Bean
    @WsHandler({"/private", "/public/hello", "/admin/panel", "/users/{user}", "/closed"})
    WhoAmI whoAmI(Vault vault) {
        return new WhoAmI(vault);
    }

    /** Stores a logged-in user's context in a new session, as a login on the main port would; the cookie's value. */
    public static String login(MapSessionRepository sessions, org.springframework.security.core.Authentication user) {
        MapSession s = sessions.createSession();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(user);
        s.setAttribute("SPRING_SECURITY_CONTEXT", context);
        sessions.save(s);
        return java.util.Base64.getEncoder().encodeToString(s.getId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
