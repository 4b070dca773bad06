package io.wsboot.sample;

import io.wsboot.client.WsClient;
import io.wsboot.spring.LocalWsPort;
import io.wsboot.spring.autoconfigure.client.WsClientFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard in docs/grafana queries only series the application exports: after some
 * traffic through the server and the starter's client, every ws_* name in the dashboard is on
 * /actuator/prometheus, but those made at their first event (listed here, with why).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"ws.port=0", "spring.application.name=dash"})
class GrafanaDashboardTest {
    /** Series that exist once their event has happened: a handler error, a limit, the Redis relay. */
    static final Set<String> MADE_ON_FIRST_EVENT = Set.of("ws_server_handler_errors_total", "ws_server_limits_total",
            "ws_server_topics_relay_sent_total", "ws_server_topics_relay_received_total", "ws_server_topics_relay_failed_total",
            "ws_server_topics_relay_up", "ws_client_handshakes_failed_total");

    @LocalServerPort
    int httpPort;

    @LocalWsPort
    int wsPort;

    @Autowired
    WsClientFactory clients;

    @Test
    void everySeriesTheDashboardQueriesIsExported() throws Exception {
        CountDownLatch echoed = new CountDownLatch(1);
        WsClient c = clients.connect("ws://127.0.0.1:" + wsPort + "/echo");
        c.readLoopAsync(m -> echoed.countDown());
        c.write("hello dashboard");
        assertThat(echoed.await(10, TimeUnit.SECONDS)).isTrue();
        c.close();
        HttpClient http = HttpClient.newHttpClient();
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + wsPort + "/nowhere")).build(), HttpResponse.BodyHandlers.discarding());
        String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        Set<String> exported = names(scrape, Pattern.compile("^(ws_[a-z_]+)", Pattern.MULTILINE));
        Set<String> queried = names(Files.readString(Path.of("../docs/grafana/wsboot.json")), Pattern.compile("(ws_[a-z_]+)"));
        assertThat(queried).hasSizeGreaterThan(20);
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exported);
        missing.removeAll(MADE_ON_FIRST_EVENT);
        assertThat(missing).as("queried by the dashboard, not exported (exported: %s)", exported).isEmpty();
    }

    static Set<String> names(String text, Pattern p) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1).replaceAll("_(bucket|created)$", ""));
        }
        return out;
    }
}
