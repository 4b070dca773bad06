package io.wsboot.spring.securedapp;

import io.wsboot.spring.test.WsTest;
import io.wsboot.spring.test.WsTestClient;
import io.wsboot.spring.test.WsTestClient.HandshakeRejectedException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code @WsTest} connects as a given user, as MockMvc does with {@code @WithMockUser}: no token to mint. */
@WsTest(properties = "ws.security.enabled=true")
class WsTestUserTest {
    @Autowired
    WsTestClient client;

    String ask(WsTestClient c, String path) {
        try (WsTestClient.Session s = c.connect(path)) {
            s.send("?");
            return s.receiveText();
        }
    }

    @Test
    void anonymousByDefault() {
        assertThatThrownBy(() -> client.connect("/private")).isInstanceOfSatisfying(HandshakeRejectedException.class,
                e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void asUserGivesTheConnectionThatUser() {
        assertThat(ask(client.asUser("ann", "USER"), "/private")).isEqualTo("principal=ann init=ann context=ann vault=denied protocol=null");
        assertThat(ask(client.asUser("root", "ADMIN"), "/admin/panel")).startsWith("principal=root").contains("vault=the secret");
        assertThatThrownBy(() -> client.asUser("ann", "USER").connect("/admin/panel"))
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    @WithMockUser(username = "mock", roles = "ADMIN")
    void theTestsSecurityContextIsUsedLikeMockMvcDoes() {
        assertThat(ask(client, "/admin/panel")).isEqualTo("principal=mock init=mock context=mock vault=the secret protocol=null");
    }
}
