package io.wsboot.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.time.Duration;

import static io.wsboot.sample.ChatPages.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login flow in real headless Chromium: the private page sends the browser to the main port's
 * login form; once logged in, the page fetches a JWT from the main port, opens the WebSocket on
 * ws.port with it in the subprotocol, and shows the name the server took from the token's
 * principal. Two users in one room hear each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ws.port=0")
class PrivateRoomBrowserTest {
    @LocalServerPort
    int httpPort;

    @TempDir
    Path profiles;

    private ChatPages browsers;

    @AfterEach
    void quit() {
        if (browsers != null) {
            browsers.quit();
        }
    }

    WebDriver logIn(String user) throws Exception {
        WebDriver b = browsers.browser();
        b.get("http://127.0.0.1:" + httpPort + "/private.html");
        new WebDriverWait(b, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/login"));
        b.findElement(By.name("username")).sendKeys(user);
        b.findElement(By.name("password")).sendKeys("password");
        b.findElement(By.cssSelector("button[type=submit]")).click();
        try {
            new WebDriverWait(b, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("user")).getText().equals(user));
        } catch (RuntimeException e) {
            throw new AssertionError("the private page never showed " + user + "; at " + b.getCurrentUrl() + ", status: "
                    + b.findElement(By.id("status")).getText(), e);
        }
        return b;
    }

    @Test
    void logsInOnTheMainPortAndChatsAsThatUser() throws Exception {
        browsers = new ChatPages(profiles);
        WebDriver ann = logIn("ann");
        WebDriver bob = logIn("bob");
        assertThat(ann.findElement(By.id("status")).getText()).contains("connected (subprotocol bearer)");
        // after the login the main port sends the browser to /private.html: the lobby
        assertThat(ann.findElement(By.id("room-name")).getText()).isEqualTo("lobby");
        assertThat(bob.findElement(By.id("room-name")).getText()).isEqualTo("lobby");
        new WebDriverWait(ann, Duration.ofSeconds(5)).until(d -> d.findElement(By.id("text")).isEnabled());
        ann.findElement(By.id("text")).sendKeys("hello bob");
        ann.findElement(By.id("send-button")).click();
        for (WebDriver b : new WebDriver[] {ann, bob}) {
            new WebDriverWait(b, Duration.ofSeconds(15)).until(d -> messages(d).contains("ann: hello bob"));
        }

        // the operator's view lists both, by the names their tokens carry; only for ADMINs
        assertThat(websocketEndpoint(null).statusCode()).isEqualTo(401);
        assertThat(websocketEndpoint("ann").statusCode()).isEqualTo(403);
        HttpResponse<String> view = websocketEndpoint("bob");
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains("\"/private/rooms/{room}\"").contains("\"principal\":\"ann\"")
                .contains("\"principal\":\"bob\"").contains("\"private:lobby\":2");
    }

    HttpResponse<String> websocketEndpoint(String user) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/websocket"));
        if (user != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":password").getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
