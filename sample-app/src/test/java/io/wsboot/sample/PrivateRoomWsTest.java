package io.wsboot.sample;

import io.wsboot.spring.test.WsTest;
import io.wsboot.spring.test.WsTestClient;
import io.wsboot.spring.test.WsTestClient.HandshakeRejectedException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The private rooms under @WsTest: users given by the test, the app's own WebSocket rules. */
@WsTest(handlers = PrivateRoomHandler.class)
@Import(WsSecurityConfig.class)
class PrivateRoomWsTest {
    @Autowired
    WsTestClient client;

    @Test
    void aSignedInUserIsWelcomedByName() {
        try (var ann = client.asUser("ann", "USER").connect("/private/rooms/dev")) {
            assertThat(ann.receiveText()).isEqualTo("{\"user\":\"ann\",\"room\":\"dev\"}");
            ann.send("{\"text\":\"hello\"}");
            assertThat(ann.receiveText()).isEqualTo("{\"user\":\"ann\",\"text\":\"hello\"}");
        }
    }

    @Test
    @WithMockUser(username = "bob", roles = "USER")
    void theTestsUserConnectsLikeWithMockMvc() {
        try (var bob = client.connect("/private/rooms/ops")) {
            assertThat(bob.receiveText()).isEqualTo("{\"user\":\"bob\",\"room\":\"ops\"}");
        }
    }

    @Test
    void anonymousIs401AndAUserWithoutTheRoleIs403() {
        assertThatThrownBy(() -> client.connect("/private/rooms/dev"))
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> client.asUser("guest", "GUEST").connect("/private/rooms/dev"))
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
}
