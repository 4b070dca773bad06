package io.wsboot.sample;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.wsboot.spring.security.WsAuthorizationManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

/**
 * The WebSocket port's security. The main port logs users in ({@link WebSecurityConfig}) and hands
 * a logged-in page a short-lived JWT signed with the key below ({@link TokenController}); the page
 * connects to the WebSocket port with it in the subprotocol, and the WebSocket server checks it
 * with the JwtDecoder below.
 * The key pair is made at start-up (a real application points
 * spring.security.oauth2.resourceserver.jwt.* at its issuer instead). The chat and the echo stay
 * open to anyone; the private rooms need a user.
 */
@Configuration(proxyBeanMethods = false)
public class WsSecurityConfig {
    private final KeyPair keys = newKeyPair();

    /** The WebSocket port: who may open which path. */
    @Bean
    WsAuthorizationManager wsAuthorization() {
        return WsAuthorizationManager.builder()
                .paths("/chat", "/echo").permitAll()
                .paths("/private/rooms/{room}").hasRole("USER")
                .anyPath().denyAll()
                .build();
    }

    @Bean
    JwtEncoder jwtEncoder() {
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).privateKey((RSAPrivateKey) keys.getPrivate()).keyID("sample").build();
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
    }

    @Bean
    JwtDecoder jwtDecoder() {
        return NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
    }

    /** Roles travel in the token's "roles" claim. */
    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter c = new JwtAuthenticationConverter();
        c.setJwtGrantedAuthoritiesConverter(roles);
        return c;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
