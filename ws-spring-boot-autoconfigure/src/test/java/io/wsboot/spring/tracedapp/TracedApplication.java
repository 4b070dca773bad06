package io.wsboot.spring.tracedapp;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.spring.WsHandler;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** An application with a tracer (OpenTelemetry, its spans kept in memory) and a handler that does traced work of its own. */
@SpringBootApplication
public class TracedApplication {
    @Bean
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }

    /** Refuses {@code ?let=no} in init; each message is traced work ({@code app.work}), then echoed; "boom" throws. */
    @WsHandler("/rooms/{room}")
    static class RoomHandler implements Handler {
        private final ObservationRegistry observations;

        RoomHandler(ObservationRegistry observations) {
            this.observations = observations;
        }

        @Override
        public void init(Handshake handshake, Conn conn) {
            if ("no".equals(handshake.queryParam("let"))) {
                throw HandshakeRejection.forbidden("not this one");
            }
            Observation.createNotStarted("app.authorize", observations).observe(() -> { });
        }

        @Override
        public void handle(Conn conn, Message message) {
            if (message.text().equals("boom")) {
                throw new IllegalStateException("boom");
            }
            Observation.createNotStarted("app.work", observations).observe(() -> conn.writeFrame(message.type(), message.data()));
        }
    }
}
