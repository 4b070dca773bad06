package io.wsboot.spring.autoconfigure.security;

import io.wsboot.spring.autoconfigure.ConditionalOnWsHandlers;
import io.wsboot.spring.autoconfigure.WsAutoConfiguration;
import io.wsboot.spring.autoconfigure.WsHandlerDecorator;
import io.wsboot.spring.WsServerCustomizer;
import io.wsboot.spring.security.HandshakeAuthenticator;
import io.wsboot.spring.security.WsAuthorizationManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Spring Security at the WebSocket handshake, when it is on the classpath and
 * {@code ws.security.enabled} is not false: every handler is put behind a {@link SecuredHandler}
 * that authenticates the handshake with the application's own beans (bearer tokens through its
 * {@code JwtDecoder} or {@code AuthenticationManager}, Basic through the latter, the Spring Session
 * cookie through its {@code SessionRepository}, and any {@link HandshakeAuthenticator} beans),
 * authorizes it with the {@link WsAuthorizationManager} bean, and sets the security context
 * around every handler call.
 */
@AutoConfiguration(before = WsAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.security.core.Authentication", "io.wsboot.server.WsServer"})
@ConditionalOnBooleanProperty(name = "ws.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "ws.security.enabled", matchIfMissing = true)
@ConditionalOnWsHandlers
@EnableConfigurationProperties(WsSecurityProperties.class)
public final class WsSecurityAutoConfiguration {
    /** handshake-max-size of a secured server unless set: room for cookies and a token. */
    static final int SECURED_HANDSHAKE_MAX_SIZE = 8 * 1024;

    @Bean(destroyMethod = "close")
    TokenExpiry wsTokenExpiry() {
        return new TokenExpiry(Clock.systemUTC());
    }

    @Bean
    public WsHandlerDecorator wsSecurityDecorator(ObjectProvider<HandshakeAuthenticator> authenticators,
                                                  ObjectProvider<WsAuthorizationManager> authorization,
                                                  ObjectProvider<SecurityContextHolderStrategy> strategy, TokenExpiry wsTokenExpiry) {
        List<HandshakeAuthenticator> all = authenticators.orderedStream().toList();
        HandshakeGuard guard = new HandshakeGuard(all, authorization.getIfAvailable(WsAuthorizationManager::authenticatedByDefault));
        SecurityContextHolderStrategy contexts = strategy.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
        return (path, handler) -> new SecuredHandler(handler, guard, contexts, wsTokenExpiry);
    }

    /**
     * Credentials make handshakes larger: a browser's cookies plus a JWT in the subprotocol pass
     * the engine's 1 KiB default of handshake-max-size (431). Without a value of the
     * application's, secured servers take 8 KiB.
     */
    @Bean
    @Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE) // the application's customizers come after
    WsServerCustomizer wsSecurityHandshakeSize(Environment environment) {
        return builder -> {
            if (!environment.containsProperty("ws.handshake-max-size")) {
                builder.handshakeMaxSize(SECURED_HANDSHAKE_MAX_SIZE);
            }
        };
    }

    /** Basic credentials, when the application has an AuthenticationManager bean. */
    @Bean
    @Order(20)
    HandshakeAuthenticator wsBasicAuthenticator(ObjectProvider<AuthenticationManager> managers) {
        return new BasicAuthenticator(managers::getIfAvailable);
    }

    /** Bearer tokens: through the JwtDecoder (oauth2-resource-server with jose), else the AuthenticationManager. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken",
            "org.springframework.security.oauth2.jwt.JwtDecoder"})
    static class BearerTokens {
        @Bean
        @Order(10)
        HandshakeAuthenticator wsBearerTokenAuthenticator(ObjectProvider<JwtDecoder> decoders,
                                                          ObjectProvider<JwtAuthenticationConverter> converters,
                                                          ObjectProvider<AuthenticationManager> managers) {
            return new BearerTokenAuthenticator(new Supplier<>() {
                private volatile AuthenticationManager resolved;

                @Override
                public AuthenticationManager get() {
                    AuthenticationManager m = resolved;
                    if (m == null) {
                        m = resolve();
                        resolved = m;
                    }
                    return m;
                }

                private AuthenticationManager resolve() {
                    JwtDecoder decoder = decoders.getIfAvailable();
                    if (decoder == null) {
                        return managers.getIfAvailable();
                    }
                    JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
                    converters.ifAvailable(provider::setJwtAuthenticationConverter);
                    return new ProviderManager(provider);
                }
            });
        }
    }

    /** The main port's Spring Session cookie. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.session.SessionRepository")
    static class SessionCookies {
        @Bean
        @Order(30)
        HandshakeAuthenticator wsSessionCookieAuthenticator(ObjectProvider<SessionRepository<? extends Session>> repositories,
                                                            WsSecurityProperties properties, Environment environment) {
            String name = properties.getSessionCookieName();
            if (name == null || name.isBlank()) {
                name = environment.getProperty("server.servlet.session.cookie.name", "SESSION");
            }
            String cookie = name;
            return handshake -> {
                SessionRepository<? extends Session> repository = repositories.getIfAvailable();
                return repository == null ? null : new SessionCookieAuthenticator(repository, cookie).authenticate(handshake);
            };
        }
    }
}
