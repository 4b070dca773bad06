package io.wsboot.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.wsboot.sample.ChatPages.send;
import static io.wsboot.sample.ChatPages.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page in real headless Chromium (Debian's chromium and chromedriver, installed by
 * .ci/run): two browsers join, one sends, both show it; a binary ArrayBuffer round-trips; the
 * metrics endpoints then show the traffic. Chromium offers permessage-deflate on every
 * connection; the server must answer cleanly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ws.port=0")
class BrowserChatTest {
    @LocalServerPort
    int httpPort;

    @TempDir
    Path profiles;

    private ChatPages pages;

    @BeforeEach
    void pages() {
        pages = new ChatPages(profiles);
    }

    @AfterEach
    void quit() {
        pages.quit();
    }

    private void join(WebDriver b, String name) {
        ChatPages.join(b, httpPort, name);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private double metric(String name, String... tags) throws Exception {
        StringBuilder q = new StringBuilder("/actuator/metrics/" + name);
        for (int i = 0; i < tags.length; i++) {
            q.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
        }
        Matcher m = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.]+)").matcher(get(q.toString()));
        assertThat(m.find()).as(name).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void twoBrowsersChatAndABinaryMessageRoundTrips() throws Exception {
        WebDriver ann = pages.browser();
        WebDriver bob = pages.browser();
        join(ann, "ann");
        join(bob, "bob");
        waitFor(ann, "* bob joined");
        // Chromium offers permessage-deflate on every connection; the server agrees (without context takeover)
        assertThat(ann.findElement(By.id("status")).getText()).contains("connected as ann in lobby")
                .contains("permessage-deflate; server_no_context_takeover; client_no_context_takeover");

        send(ann, "hello from ann");
        waitFor(ann, "ann: hello from ann");
        waitFor(bob, "ann: hello from ann");
        // a long message goes over the wire compressed, both ways
        String longLine = "compress me please ".repeat(40).trim();
        send(ann, longLine);
        waitFor(bob, "ann: " + longLine);

        bob.findElement(By.id("binary-button")).click();
        waitFor(bob, "binary echo: 8 bytes [1,2,3,4,5,6,7,8]");
        assertThat(ChatPages.messages(ann)).noneMatch(l -> l.startsWith("binary echo"));

        ann.findElement(By.id("leave-button")).click();
        waitFor(bob, "* ann left");
        waitFor(ann, "* disconnected (code 1000)"); // the server echoes the code

        assertThat(metric("ws.server.messages.received", "path:/chat", "type:text")).isGreaterThanOrEqualTo(1);
        assertThat(metric("ws.server.messages.received", "path:/chat", "type:binary")).isEqualTo(1);
        assertThat(metric("ws.server.messages.sent", "path:/chat", "type:binary")).isEqualTo(1);
        assertThat(metric("ws.server.connections.opened", "path:/chat")).isEqualTo(2);
        String prometheus = get("/actuator/prometheus");
        assertThat(prometheus).contains("ws_server_messages_received_total{path=\"/chat\",type=\"text\"}")
                .contains("ws_server_connections_active{path=\"/chat\"} 1");
        assertThat(get("/actuator/health")).contains("\"ws\":{").contains("\"status\":\"UP\"");
    }
}
