package io.wsboot.spring;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.wsboot.spring.app.TestApplication;
import io.wsboot.spring.autoconfigure.observation.DefaultWsConnectionObservationConvention;
import io.wsboot.spring.autoconfigure.observation.WsConnectionContext;
import io.wsboot.spring.autoconfigure.observation.WsConnectionObservationConvention;
import io.wsboot.spring.autoconfigure.observation.WsServerObservations;
import io.wsboot.spring.test.AutoConfigureWs;
import io.wsboot.spring.test.WsTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application's convention replaces the default one; handshakes and connections are
 * observed (as timers, through Boot's meter handler) and messages, by default, are not.
 */
@SpringBootTest(classes = TestApplication.class, properties = {"ws.port=0", "ws.address=127.0.0.1"})
@AutoConfigureWs
@org.springframework.context.annotation.Import(ObservationConventionTest.Conventions.class)
class ObservationConventionTest {
    @TestConfiguration
    static class Conventions {
        /** The default tags, and the subprotocol agreed. */
        @Bean
        WsConnectionObservationConvention withSubprotocol() {
            return new DefaultWsConnectionObservationConvention() {
                @Override
                public KeyValues getLowCardinalityKeyValues(WsConnectionContext context) {
                    String p = context.conn().subprotocol();
                    return super.getLowCardinalityKeyValues(context).and("subprotocol", p == null ? "none" : p);
                }
            };
        }
    }

    @Autowired
    MeterRegistry meters;

    @Autowired
    WsTestClient client;

    @Autowired
    WsServerObservations observations;

    @Test
    void theApplicationsConventionTagsTheConnection() {
        try (WsTestClient.Session s = client.connect("/echo")) {
            s.send("x");
            assertThat(s.receiveText()).isEqualTo("x");
        }
        await().atMost(Duration.ofSeconds(5)).until(() ->
                meters.find("ws.server.connection").tags("path", "/echo", "code", "1000", "subprotocol", "none").timer() != null);
        assertThat(observations.observesMessages()).isFalse();
        assertThat(meters.find("ws.server.message").timer()).isNull();
        assertThat(meters.find("ws.server.handshake").tags("path", "/echo", "outcome", "accepted", "status", "101").timer()).isNotNull();
        // the engine's own meters are still there beside the observations'
        assertThat(meters.find("ws.server.handshake.duration").timer()).isNotNull();
    }
}
