package io.wsboot.spring.security;

import io.wsboot.Handshake;
import io.wsboot.PathTemplate;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Who may open a WebSocket on which path, in the style of {@code authorizeHttpRequests}: rules
 * tried in the order written, the first whose path template matches the request's path decides.
 * A path no rule matches is denied. Declare it as a bean:
 *
 * <pre>{@code
 * @Bean
 * WsAuthorizationManager wsAuthorization() {
 *     return WsAuthorizationManager.builder()
 *             .paths("/public/**").permitAll()
 *             .paths("/admin/**").hasRole("ADMIN")
 *             .paths("/users/{user}").access((auth, handshake) ->
 *                     new AuthorizationDecision(auth.get().getName().equals(handshake.pathVariable("user"))))
 *             .anyPath().authenticated()
 *             .build();
 * }
 * }</pre>
 *
 * Without such a bean every path needs an authenticated user ({@link #authenticatedByDefault()}).
 * A request without credentials that a rule refuses gets 401; an authenticated one, 403.
 */
public final class WsAuthorizationManager implements AuthorizationManager<Handshake> {
    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);
    private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);

    private record Rule(List<PathTemplate> paths, AuthorizationManager<Handshake> access) {
        boolean matches(String path) {
            if (paths.isEmpty()) {
                return true;
            }
            for (PathTemplate t : paths) {
                if (t.matches(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Rule> rules;

    private WsAuthorizationManager(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every path needs an authenticated (not anonymous) user: what applies without a bean of this type. */
    public static WsAuthorizationManager authenticatedByDefault() {
        return builder().anyPath().authenticated().build();
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, Handshake handshake) {
        for (Rule r : rules) {
            if (r.matches(handshake.path())) {
                AuthorizationResult result = r.access().authorize(authentication, handshake);
                return result == null ? DENIED : result;
            }
        }
        return DENIED;
    }

    /** Rules in the order they are tried. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();

        private Builder() {
        }

        /** A rule for request paths matching any of these templates (Spring's PathPattern syntax). */
        public RuleBuilder paths(String... templates) {
            if (templates.length == 0) {
                throw new IllegalArgumentException("paths() needs at least one path template; anyPath() matches every path");
            }
            List<PathTemplate> ts = new ArrayList<>();
            for (String t : templates) {
                ts.add(PathTemplate.parse(t));
            }
            return new RuleBuilder(this, ts);
        }

        /** A rule for every path: put it last, rules after it are never reached. */
        public RuleBuilder anyPath() {
            return new RuleBuilder(this, List.of());
        }

        public WsAuthorizationManager build() {
            return new WsAuthorizationManager(rules);
        }
    }

    /** What the paths of one rule require. */
    public static final class RuleBuilder {
        private final Builder builder;
        private final List<PathTemplate> paths;

        private RuleBuilder(Builder builder, List<PathTemplate> paths) {
            this.builder = builder;
            this.paths = paths;
        }

        /** Anyone, anonymous included. */
        public Builder permitAll() {
            return access((a, h) -> GRANTED);
        }

        public Builder denyAll() {
            return access((a, h) -> DENIED);
        }

        /** Any authenticated user (not anonymous). */
        public Builder authenticated() {
            return access(AuthenticatedAuthorizationManager.authenticated());
        }

        /** {@code role} without its "ROLE_" prefix. */
        public Builder hasRole(String role) {
            return access(AuthorityAuthorizationManager.hasRole(role));
        }

        public Builder hasAnyRole(String... roles) {
            return access(AuthorityAuthorizationManager.hasAnyRole(roles));
        }

        public Builder hasAuthority(String authority) {
            return access(AuthorityAuthorizationManager.hasAuthority(authority));
        }

        public Builder hasAnyAuthority(String... authorities) {
            return access(AuthorityAuthorizationManager.hasAnyAuthority(authorities));
        }

        /** A rule of your own: it sees the authentication and the handshake (path variables, headers, query). */
        public Builder access(AuthorizationManager<Handshake> manager) {
            builder.rules.add(new Rule(paths, Objects.requireNonNull(manager, "manager")));
            return builder;
        }
    }
}
