package io.wsboot.sample;

import io.wsboot.spring.test.LocalRedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.wsboot.sample.ChatPages.join;
import static io.wsboot.sample.ChatPages.send;
import static io.wsboot.sample.ChatPages.waitFor;

/**
 * Two instances of the sample app with the redis profile (ws.broker=redis) and a real
 * redis-server: two Chromium pages, each on its own instance, chat in one room and see each other
 * in its "here:" list, as they would behind a load balancer.
 */
class TwoInstancesChatTest {
    @TempDir
    Path profiles;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    private int instance(LocalRedisServer redis) {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(SampleApplication.class).run(
                "--spring.profiles.active=redis", "--server.port=0", "--ws.port=0",
                "--spring.data.redis.port=" + redis.port(), "--spring.main.banner-mode=off");
        running.add(ctx);
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void twoPagesOnTwoInstancesChatWithEachOther() throws Exception {
        LocalRedisServer redis = LocalRedisServer.startNew();
        running.add(redis);
        int first = instance(redis);
        int second = instance(redis);
        ChatPages pages = new ChatPages(profiles);
        running.add(pages::quit);
        WebDriver ann = pages.browser();
        WebDriver bob = pages.browser();

        join(ann, first, "ann");
        join(bob, second, "bob");
        waitFor(bob, "* welcome to lobby, bob; here: ann, bob"); // presence across instances
        waitFor(ann, "* bob joined");                             // through Redis

        send(ann, "hello from the first instance");
        waitFor(bob, "ann: hello from the first instance");
        waitFor(ann, "ann: hello from the first instance");
        send(bob, "and back from the second");
        waitFor(ann, "bob: and back from the second");

        bob.navigate().refresh(); // bob's page goes: its connection closes
        waitFor(ann, "* bob left");
    }
}
