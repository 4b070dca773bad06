package io.wsboot.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.wsboot.spring.app.TestApplication;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import io.wsboot.spring.test.AutoConfigureWs;
import io.wsboot.spring.test.WsTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server stopped and started again in one context (what Spring's test framework does to a
 * cached context it pauses, and what a lifecycle restart does): the meters, registered once,
 * count the new server's traffic.
 */
@SpringBootTest(classes = TestApplication.class, properties = {"ws.port=0", "ws.address=127.0.0.1", "ws.max-headers=3"})
@AutoConfigureWs
class MetricsAfterRestartTest {
    @Autowired
    WsServerLifecycle server;

    @Autowired
    WsTestClient client;

    @Autowired
    MeterRegistry meters;

    double received() {
        return meters.get("ws.server.messages.received").tags("path", "/echo", "type", "text").functionCounter().count();
    }

    void echo() {
        try (WsTestClient.Session s = client.connect("/echo")) {
            s.send("x");
            assertThat(s.receiveText()).isEqualTo("x");
        }
    }

    @Test
    void metersFollowTheServerAcrossARestart() {
        echo();
        assertThat(received()).isEqualTo(1);
        server.stop();
        server.start();
        echo();
        echo();
        assertThat(received()).isEqualTo(2);
    }
}
