package io.wsboot.spring.securedapp;

import io.micrometer.core.instrument.MeterRegistry;
import io.wsboot.spring.test.AutoConfigureWs;
import io.wsboot.spring.test.WsTestClient;
import io.wsboot.spring.test.WsTestClient.HandshakeRejectedException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.session.MapSessionRepository;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static io.wsboot.spring.securedapp.SecuredApplication.JWTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring Security at the handshake of a real server, with real RS256 tokens signed at test time:
 * who gets in on which path, how a browser carries its token, the Spring Session cookie of the
 * main port, the context around handler calls (method security works), and the close when a
 * token expires.
 */
@SpringBootTest(classes = SecuredApplication.class, properties = {"ws.port=0", "ws.address=127.0.0.1", "ws.security.enabled=true"})
@AutoConfigureWs
class WsSecurityTest {
    @Autowired
    WsTestClient client;

    @Autowired
    MeterRegistry meters;

    @Autowired
    MapSessionRepository sessions;

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    String ask(WsTestClient.Session s) {
        s.send("?");
        return s.receiveText();
    }

    double rejected(String path, String reason, String status) {
        var c = meters.find("ws.server.handshakes.rejected").tags("path", path, "reason", reason, "status", status).functionCounter();
        var d = meters.find("ws.server.handshakes.rejected").tags("path", path, "reason", reason, "status", status).counter();
        return c != null ? c.count() : d != null ? d.count() : 0;
    }

    static int status(Runnable connect) {
        try {
            connect.run();
        } catch (HandshakeRejectedException e) {
            return e.status();
        }
        throw new AssertionError("connected");
    }

    @Test
    void noCredentialsIs401AndCounted() {
        double before = rejected("/private", "unauthenticated", "401");
        assertThat(status(() -> client.connect("/private"))).isEqualTo(401);
        assertThat(rejected("/private", "unauthenticated", "401") - before).isEqualTo(1);
    }

    @Test
    void aForgedOrExpiredTokenIs401() {
        assertThat(status(() -> client.connect("/private", bearer(TestJwts.forged("ann"))))).isEqualTo(401);
        assertThat(status(() -> client.connect("/private", bearer(JWTS.token("ann", Duration.ofMinutes(-5), "USER"))))).isEqualTo(401);
        assertThat(status(() -> client.connect("/private", bearer("not-a-jwt")))).isEqualTo(401);
        assertThat(status(() -> client.connect("/private", Map.of("Authorization", "Bearer ")))).isEqualTo(401);
    }

    @Test
    void aValidTokenInTheHeaderOpensWithItsUserEverywhere() {
        try (WsTestClient.Session s = client.connect("/private", bearer(JWTS.token("ann", Duration.ofMinutes(5), "USER")))) {
            assertThat(ask(s)).isEqualTo("principal=ann init=ann context=ann vault=denied protocol=null");
        }
        try (WsTestClient.Session s = client.connect("/private", bearer(JWTS.token("root", Duration.ofMinutes(5), "ADMIN")))) {
            assertThat(ask(s)).isEqualTo("principal=root init=root context=root vault=the secret protocol=null");
        }
    }

    @Test
    void aBrowserCarriesItsTokenInTheSubprotocolAndGetsOnlyTheMarkerBack() {
        String token = JWTS.token("ann", Duration.ofMinutes(5), "USER");
        try (WsTestClient.Session s = client.connect("/private", Map.of(), "bearer", token)) {
            assertThat(ask(s)).isEqualTo("principal=ann init=ann context=ann vault=denied protocol=bearer");
        }
        assertThat(status(() -> client.connect("/private", Map.of(), "bearer", TestJwts.forged("ann")))).isEqualTo(401);
        assertThat(status(() -> client.connect("/private", Map.of(), "bearer"))).isEqualTo(401);
    }

    @Test
    void rolesAndCustomRulesDecidePerPath() {
        String ann = JWTS.token("ann", Duration.ofMinutes(5), "USER");
        double before = rejected("/admin/panel", "forbidden", "403");
        assertThat(status(() -> client.connect("/admin/panel", bearer(ann)))).isEqualTo(403);
        assertThat(rejected("/admin/panel", "forbidden", "403") - before).isEqualTo(1);
        assertThat(status(() -> client.connect("/admin/panel"))).isEqualTo(401);
        try (WsTestClient.Session s = client.connect("/admin/panel", bearer(JWTS.token("root", Duration.ofMinutes(5), "ADMIN")))) {
            assertThat(ask(s)).startsWith("principal=root");
        }
        try (WsTestClient.Session s = client.connect("/users/ann", bearer(ann))) {
            assertThat(ask(s)).startsWith("principal=ann");
        }
        assertThat(status(() -> client.connect("/users/bob", bearer(ann)))).isEqualTo(403);
        assertThat(status(() -> client.connect("/closed", bearer(JWTS.token("root", Duration.ofMinutes(5), "ADMIN"))))).isEqualTo(403);
    }

    @Test
    void aPermittedPathLetsAnonymousIn() {
        try (WsTestClient.Session s = client.connect("/public/hello")) {
            assertThat(ask(s)).isEqualTo("principal=- init=anonymousUser context=anonymousUser vault=denied protocol=null");
        }
    }

    @Test
    void basicCredentialsGoToTheAuthenticationManager() {
        String good = "Basic " + Base64.getEncoder().encodeToString("robot:beep".getBytes(StandardCharsets.UTF_8));
        try (WsTestClient.Session s = client.connect("/private", Map.of("Authorization", good))) {
            assertThat(ask(s)).startsWith("principal=robot");
        }
        String bad = "Basic " + Base64.getEncoder().encodeToString("robot:nope".getBytes(StandardCharsets.UTF_8));
        assertThat(status(() -> client.connect("/private", Map.of("Authorization", bad)))).isEqualTo(401);
    }

    @Test
    void theMainPortsSessionCookieLogsIn() {
        var user = UsernamePasswordAuthenticationToken.authenticated("carol", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN"));
        String cookie = SecuredApplication.login(sessions, user);
        try (WsTestClient.Session s = client.connect("/admin/panel", Map.of("Cookie", "theme=dark; SESSION=" + cookie))) {
            assertThat(ask(s)).isEqualTo("principal=carol init=carol context=carol vault=the secret protocol=null");
        }
        assertThat(status(() -> client.connect("/private", Map.of("Cookie", "SESSION=bm9zdWNo")))).isEqualTo(401);
    }

    @Test
    void aConnectionIsClosedWith1008WhenItsTokenExpires() {
        try (WsTestClient.Session s = client.connect("/private", bearer(JWTS.token("ann", Duration.ofSeconds(2), "USER")))) {
            assertThat(ask(s)).startsWith("principal=ann");
            long t0 = System.nanoTime();
            var close = s.awaitClose();
            assertThat(close.closeCode()).isEqualTo(1008);
            assertThat(close.closeReason()).isEqualTo("token expired");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
