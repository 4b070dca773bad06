package io.wsboot.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The chat page in real headless Chromium (Debian's chromium and chromedriver, installed by
 * .ci/run): two browsers join, one sends, both show it; a binary ArrayBuffer round-trips; the
 * metrics endpoints then show the traffic. Chromium offers permessage-deflate on every
 * connection; the server must answer cleanly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ws.port=0")
class BrowserChatTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @LocalServerPort
    int httpPort;

    @TempDir
    Path profiles;

    private final List<WebDriver> browsers = new ArrayList<>();

    @AfterEach
    void quit() {
        browsers.forEach(WebDriver::quit);
    }

    private WebDriver browser() throws Exception {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            fail("Debian's chromium and chromium-driver are needed: apt-get install chromium chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(profiles, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        return driver;
    }

    private static List<String> messages(WebDriver b) {
        return b.findElements(By.cssSelector("#messages li")).stream().map(WebElement::getText).toList();
    }

    private static void waitFor(WebDriver b, String line) {
        try {
            new WebDriverWait(b, Duration.ofSeconds(15)).until(d -> messages(d).contains(line));
        } catch (RuntimeException e) {
            throw new AssertionError("never showed \"" + line + "\"; shows " + messages(b) + ", status: "
                    + b.findElement(By.id("status")).getText(), e);
        }
    }

    private void join(WebDriver b, String name) {
        b.get("http://127.0.0.1:" + httpPort + "/");
        b.findElement(By.id("name")).sendKeys(name);
        b.findElement(By.id("join-button")).click();
        waitFor(b, "* " + name + " joined");
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
        WebDriver ann = browser();
        WebDriver bob = browser();
        join(ann, "ann");
        join(bob, "bob");
        waitFor(ann, "* bob joined");
        // Chromium offers permessage-deflate on every connection; the server agrees (without context takeover)
        assertThat(ann.findElement(By.id("status")).getText()).contains("connected as ann in lobby")
                .contains("permessage-deflate; server_no_context_takeover; client_no_context_takeover");

        ann.findElement(By.id("text")).sendKeys("hello from ann");
        ann.findElement(By.id("send-button")).click();
        waitFor(ann, "ann: hello from ann");
        waitFor(bob, "ann: hello from ann");
        // a long message goes over the wire compressed, both ways
        String longLine = "compress me please ".repeat(40).trim();
        ann.findElement(By.id("text")).sendKeys(longLine);
        ann.findElement(By.id("send-button")).click();
        waitFor(bob, "ann: " + longLine);

        bob.findElement(By.id("binary-button")).click();
        waitFor(bob, "binary echo: 8 bytes [1,2,3,4,5,6,7,8]");
        assertThat(messages(ann)).noneMatch(l -> l.startsWith("binary echo"));

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
