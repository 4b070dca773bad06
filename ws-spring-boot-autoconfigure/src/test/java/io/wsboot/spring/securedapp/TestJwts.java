package io.wsboot.spring.securedapp;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Real RS256 JWTs, signed at test time with a key made for the run: the application checks them with its JwtDecoder. */
public final class TestJwts {
    private final KeyPair keys;
    private final NimbusJwtEncoder encoder;

    public TestJwts() {
        this.keys = newKeyPair();
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).privateKey((RSAPrivateKey) keys.getPrivate()).keyID("test").build();
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
    }

    /** A decoder that trusts this run's key only. */
    public JwtDecoder decoder() {
        return NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
    }

    /** A token for {@code user} with these roles, valid for {@code ttl} (negative: expired already). */
    public String token(String user, Duration ttl, String... roles) {
        Instant now = Instant.now();
        Instant issued = ttl.isNegative() ? now.plus(ttl).minusSeconds(60) : now;
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(user).issuedAt(issued).expiresAt(now.plus(ttl))
                .claim("roles", List.of(roles)).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims)).getTokenValue();
    }

    /** Signed with another key: a forgery. */
    public static String forged(String user) {
        return new TestJwts().token(user, Duration.ofMinutes(5), "ADMIN");
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
