package io.wsboot.sample;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * Chat pages in real headless Chromium (Debian's chromium and chromedriver, installed by
 * .ci/run): opens browsers, joins a room, sends, and waits for lines. {@link #quit()} closes every
 * browser it opened.
 */
final class ChatPages {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private final Path profiles;
    private final List<WebDriver> browsers = new ArrayList<>();

    ChatPages(Path profiles) {
        this.profiles = profiles;
    }

    WebDriver browser() throws Exception {
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

    void quit() {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
    }

    static List<String> messages(WebDriver b) {
        return b.findElements(By.cssSelector("#messages li")).stream().map(WebElement::getText).toList();
    }

    static void waitFor(WebDriver b, String line) {
        try {
            new WebDriverWait(b, Duration.ofSeconds(15)).until(d -> messages(d).contains(line));
        } catch (RuntimeException e) {
            throw new AssertionError("never showed \"" + line + "\"; shows " + messages(b) + ", status: "
                    + b.findElement(By.id("status")).getText(), e);
        }
    }

    /** Opens the page of the app on {@code httpPort} and joins the lobby as {@code name}. */
    static void join(WebDriver b, int httpPort, String name) {
        b.get("http://127.0.0.1:" + httpPort + "/");
        b.findElement(By.id("name")).sendKeys(name);
        b.findElement(By.id("join-button")).click();
        waitFor(b, "* " + name + " joined");
    }

    static void send(WebDriver b, String text) {
        b.findElement(By.id("text")).sendKeys(text);
        b.findElement(By.id("send-button")).click();
    }
}
