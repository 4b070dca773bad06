package io.wsboot.spring.tracedapp;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * With a tracer (micrometer-tracing's OpenTelemetry bridge), a browser's or a service's
 * {@code traceparent} on the handshake continues its trace: the handshake is a server span of
 * that trace, the connection its child, each message (ws.observations.messages) the
 * connection's child, and what the handler traces in its calls their child. Spans are read from
 * OpenTelemetry's in-memory exporter; the client is the JDK's.
 */
@SpringBootTest(classes = TracedApplication.class, properties = {"ws.port=0", "ws.address=127.0.0.1",
        "ws.allowed-origins=https://good.example", "ws.observations.messages=true",
        "management.tracing.sampling.probability=1.0", "management.opentelemetry.tracing.export.schedule-delay=50ms"})
class TracingTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER = "00f067aa0ba902b7";

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    WsServerLifecycle server;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void clear() {
        spans.reset();
    }

    WebSocket connect(String path, String origin, Listener listener) throws Exception {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("traceparent", "00-" + TRACE + "-" + CALLER + "-01");
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b.buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + path), listener).get(5, TimeUnit.SECONDS);
    }

    static final class Listener implements WebSocket.Listener {
        final CompletableFuture<String> text = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.complete(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }
    }

    SpanData span(String name) {
        await().atMost(Duration.ofSeconds(10)).until(() -> find(name).isPresent());
        return find(name).get();
    }

    Optional<SpanData> find(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst();
    }

    @Test
    void aConnectionContinuesTheTraceItsHandshakeCarries() throws Exception {
        Listener l = new Listener();
        WebSocket ws = connect("/rooms/blue", "https://good.example", l);
        ws.sendText("hello", true);
        assertThat(l.text.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
        ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        assertThat(l.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);

        SpanData handshake = span("ws handshake /rooms/{room}");
        assertThat(handshake.getTraceId()).isEqualTo(TRACE);
        assertThat(handshake.getParentSpanId()).isEqualTo(CALLER);
        assertThat(handshake.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(attributes(handshake)).containsEntry("path", "/rooms/{room}").containsEntry("outcome", "accepted")
                .containsEntry("status", "101").containsEntry("url.path", "/rooms/blue");

        SpanData authorize = span("app.authorize");
        assertThat(authorize.getParentSpanId()).isEqualTo(handshake.getSpanId());

        SpanData connection = span("ws connection /rooms/{room}");
        assertThat(connection.getTraceId()).isEqualTo(TRACE);
        assertThat(connection.getParentSpanId()).isEqualTo(handshake.getSpanId());
        assertThat(attributes(connection)).containsEntry("path", "/rooms/{room}").containsEntry("code", "1000");

        SpanData message = span("ws message /rooms/{room}");
        assertThat(message.getParentSpanId()).isEqualTo(connection.getSpanId());
        assertThat(attributes(message)).containsEntry("type", "text");

        SpanData work = span("app.work");
        assertThat(work.getTraceId()).isEqualTo(TRACE);
        assertThat(work.getParentSpanId()).isEqualTo(message.getSpanId());

        // the observations' timers, as Boot's meter handler records them
        assertThat(meters.get("ws.server.handshake").tags("path", "/rooms/{room}", "outcome", "accepted", "status", "101").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("ws.server.connection").tags("path", "/rooms/{room}", "code", "1000").timer().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aHandlerThatThrowsMarksItsConnectionsSpanWithTheError() throws Exception {
        Listener l = new Listener();
        WebSocket ws = connect("/rooms/red", null, l);
        ws.sendText("boom", true);
        assertThat(l.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1011);

        SpanData connection = span("ws connection /rooms/{room}");
        assertThat(attributes(connection)).containsEntry("code", "1011");
        assertThat(connection.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        assertThat(connection.getEvents()).anyMatch(e -> e.getName().equals("exception"));
        SpanData message = span("ws message /rooms/{room}");
        assertThat(message.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    }

    @Test
    void refusedHandshakesAreSpansWithTheirReasonAndStatus() {
        assertThatThrownBy(() -> connect("/rooms/green", "https://evil.example", new Listener())).isInstanceOf(ExecutionException.class);
        SpanData origin = span("ws handshake /rooms/{room}");
        assertThat(origin.getTraceId()).isEqualTo(TRACE);
        assertThat(attributes(origin)).containsEntry("outcome", "origin_not_allowed").containsEntry("status", "403");

        spans.reset();
        assertThatThrownBy(() -> connect("/rooms/green?let=no", null, new Listener())).isInstanceOf(ExecutionException.class);
        SpanData forbidden = span("ws handshake /rooms/{room}");
        assertThat(attributes(forbidden)).containsEntry("outcome", "forbidden").containsEntry("status", "403");
        assertThat(find("ws connection /rooms/{room}")).isEmpty();
        assertThat(meters.get("ws.server.handshake").tags("outcome", "origin_not_allowed").timer().count()).isGreaterThanOrEqualTo(1);
    }

    static java.util.Map<String, String> attributes(SpanData span) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        span.getAttributes().forEach((k, v) -> out.put(k.getKey(), String.valueOf(v)));
        return out;
    }

    List<String> names() {
        return spans.getFinishedSpanItems().stream().map(SpanData::getName).toList();
    }
}
