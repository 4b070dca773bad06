package io.wsboot.spring.autoconfigure;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.Message;
import io.wsboot.server.HandlerExecutors;
import io.wsboot.spring.WsHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where handler calls run: the event loops by default; virtual threads with Boot's own switch
 * (spring.threads.virtual.enabled, Java 21+), as Boot does for its executors; ws.handler-executor
 * wins over the switch either way.
 */
class HandlerThreadsTest {
    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WsAutoConfiguration.class))
            .withUserConfiguration(Recording.class)
            .withPropertyValues("ws.port=0", "ws.address=127.0.0.1");

    @Configuration(proxyBeanMethods = false)
    static class Recording {
        @Bean
        ThreadOfInit threadOfInit() {
            return new ThreadOfInit();
        }
    }

    /** Tells on which thread its init ran. */
    @WsHandler("/where")
    static class ThreadOfInit implements Handler {
        final CompletableFuture<Thread> thread = new CompletableFuture<>();

        @Override
        public void init(Handshake handshake, Conn conn) {
            thread.complete(Thread.currentThread());
        }

        @Override
        public void handle(Conn conn, Message message) {
        }
    }

    static String threadOfInit(org.springframework.context.ApplicationContext ctx) throws Exception {
        int port = ctx.getBean(WsServerLifecycle.class).getPort();
        HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/where"), new WebSocket.Listener() {
        }).get(5, TimeUnit.SECONDS).abort();
        Thread t = ctx.getBean(ThreadOfInit.class).thread.get(5, TimeUnit.SECONDS);
        return t.toString().startsWith("VirtualThread") ? "virtual" : t.getName().startsWith("ws-loop-") ? "loop" : t.getName();
    }

    @Test
    void onTheLoopsByDefault() {
        runner.run(ctx -> assertThat(threadOfInit(ctx)).isEqualTo("loop"));
    }

    @Test
    void onVirtualThreadsWithBootsSwitchWhereTheJvmHasThem() {
        String expected = HandlerExecutors.virtualThreadsAvailable() ? "virtual" : "loop"; // Boot ignores the switch before Java 21
        runner.withPropertyValues("spring.threads.virtual.enabled=true").run(ctx -> assertThat(threadOfInit(ctx)).isEqualTo(expected));
    }

    @Test
    void theWsPropertyWinsOverTheSwitch() {
        runner.withPropertyValues("spring.threads.virtual.enabled=true", "ws.handler-executor=loop")
                .run(ctx -> assertThat(threadOfInit(ctx)).isEqualTo("loop"));
    }
}
