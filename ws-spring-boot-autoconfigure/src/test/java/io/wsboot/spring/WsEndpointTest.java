package io.wsboot.spring;

import io.wsboot.spring.app.TestApplication;
import io.wsboot.spring.autoconfigure.actuate.WsEndpoint;
import io.wsboot.spring.test.AutoConfigureWs;
import io.wsboot.spring.test.WsTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The actuator's websocket endpoint reports what the running server holds. */
@SpringBootTest(classes = TestApplication.class, properties = {"ws.port=0", "ws.address=127.0.0.1",
        "management.endpoints.web.exposure.include=websocket", "ws.max-headers=2"})
@AutoConfigureWs
class WsEndpointTest {
    @Autowired
    WsEndpoint endpoint;

    @Autowired
    WsTestClient client;

    @Test
    void showsPathsLoopsTopicsAndThePagesOfConnections() throws Exception {
        assertThatThrownBy(() -> client.connect("/nowhere")).isInstanceOf(WsTestClient.HandshakeRejectedException.class);
        try (var quiet = client.connect("/echo"); var chatty = client.connect("/echo");
             var a = client.connect("/json/rooms/ops"); var b = client.connect("/json/rooms/ops")) {
            for (int i = 0; i < 5; i++) {
                chatty.send("m" + i);
                chatty.receiveText();
            }
            a.send("{\"text\":\"hi\"}");
            a.receiveText();
            b.receiveText();
            await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.websocket().connections() == 4);
            WsEndpoint.View v = endpoint.websocket();
            assertThat(v.running()).isTrue();
            assertThat(v.paths().get("/echo").connections()).isEqualTo(2);
            assertThat(v.paths().get("/echo").messagesReceived()).isGreaterThanOrEqualTo(5);
            assertThat(v.paths().get("/json/rooms/{room}").connections()).isEqualTo(2);
            assertThat(v.paths().get("none").rejected()).containsEntry("no_handler", 1L);
            assertThat(v.loops()).isNotEmpty().allMatch(l -> l.alive());
            assertThat(v.loops().stream().mapToInt(l -> l.connections()).sum()).isEqualTo(4);
            assertThat(v.topics().largest()).containsEntry("ops", 2);
            assertThat(v.oldest()).hasSize(4);
            assertThat(v.oldest().get(0).path()).isEqualTo("/echo");
            assertThat(v.oldest().get(0).ageSeconds()).isGreaterThanOrEqualTo(v.oldest().get(3).ageSeconds());
            assertThat(v.busiest().get(0).messagesReceived()).isEqualTo(5);
            assertThat(v.busiest().get(0).remoteAddress()).startsWith("127.0.0.1:");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.websocket().connections() == 0);
        assertThat(endpoint.websocket().paths().get("/echo").connections()).isZero();
    }
}
