package io.wsboot.sample;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A logged-in page asks for a token to open its WebSocket with: valid five minutes (the
 * WebSocket server closes the connection with 1008 when it expires; the page then fetches a new
 * one and reconnects).
 */
@RestController
public class TokenController {
    static final Duration TTL = Duration.ofMinutes(5);
    private final JwtEncoder encoder;

    public TokenController(JwtEncoder encoder) {
        this.encoder = encoder;
    }

    @GetMapping("/api/ws-token")
    public Map<String, Object> token(Authentication user) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(user.getName())
                .issuedAt(now)
                .expiresAt(now.plus(TTL))
                .claim("roles", user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                        .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).toList())
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims)).getTokenValue();
        return Map.of("token", token, "expiresIn", TTL.toSeconds());
    }
}
