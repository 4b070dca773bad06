package io.wsboot.spring.securedapp;

import io.wsboot.spring.test.AutoConfigureWs;
import io.wsboot.spring.test.WsTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;
import java.util.Map;

import static io.wsboot.spring.securedapp.SecuredApplication.JWTS;
import static org.assertj.core.api.Assertions.assertThat;

/** With handlers on the executor (virtual threads), the security context is set on the thread that runs each call. */
@SpringBootTest(classes = SecuredApplication.class, properties = {"ws.port=0", "ws.address=127.0.0.1", "ws.security.enabled=true",
        "ws.handler-executor=virtual"})
@AutoConfigureWs
class WsSecurityOnExecutorTest {
    @Autowired
    WsTestClient client;

    @Test
    void theContextFollowsTheCallOntoTheExecutor() {
        String root = JWTS.token("root", Duration.ofMinutes(5), "ADMIN");
        try (WsTestClient.Session s = client.connect("/private", Map.of("Authorization", "Bearer " + root))) {
            for (int i = 0; i < 3; i++) {
                s.send("?");
                assertThat(s.receiveText()).isEqualTo("principal=root init=root context=root vault=the secret protocol=null");
            }
        }
    }
}
