package io.wsboot.spring.autoconfigure;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.ServerConfig;
import io.wsboot.server.WsServer;
import io.wsboot.spring.WsHandler;
import io.wsboot.spring.WsServerCustomizer;
import io.wsboot.spring.autoconfigure.health.WsHealthAutoConfiguration;
import io.wsboot.spring.autoconfigure.health.WsHealthIndicator;
import io.wsboot.spring.autoconfigure.metrics.WsMetricsAutoConfiguration;
import io.wsboot.spring.autoconfigure.metrics.WsServerMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Conditions, property binding, validation and replaceable beans of the auto-configuration. */
class WsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WsAutoConfiguration.class, WsMetricsAutoConfiguration.class,
                    WsHealthAutoConfiguration.class))
            .withPropertyValues("ws.port=0", "ws.address=127.0.0.1");

    @WsHandler("/echo")
    static class Echo implements Handler {
        @Override
        public void handle(Conn conn, Message message) {
            conn.writeFrame(message.type(), message.data());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OneHandler {
        @Bean
        Echo echo() {
            return new Echo();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NoHandler {
        @Bean
        String unrelated() {
            return "x";
        }
    }

    static FailureAnalysis analysis(Throwable failure) {
        return new WsFailureAnalyzer().analyze(failure);
    }

    @Test
    void backsOffWithoutHandlers() {
        runner.withUserConfiguration(NoHandler.class)
                .run(ctx -> assertThat(ctx).doesNotHaveBean(WsServerLifecycle.class).doesNotHaveBean(WsProperties.class));
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(WsServerLifecycle.class));
    }

    @Test
    void backsOffWithoutTheEngine() {
        runner.withUserConfiguration(OneHandler.class).withClassLoader(new FilteredClassLoader(WsServer.class))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(WsServerLifecycle.class));
    }

    @Test
    void startsTheServerWithTheContext() {
        runner.withUserConfiguration(OneHandler.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(WsServerLifecycle.class).hasSingleBean(WsHandlerRegistry.class);
            WsServerLifecycle server = ctx.getBean(WsServerLifecycle.class);
            assertThat(server.isRunning()).isTrue();
            assertThat(server.getPort()).isPositive();
            assertThat(ctx.getEnvironment().getProperty("local.ws.port", Integer.class)).isEqualTo(server.getPort());
            assertThat(server.getPaths()).containsExactly("/echo");
            assertThat(server.getPhase()).isEqualTo(WsServerLifecycle.PHASE);
        });
    }

    @Test
    void defaultsAreTheSeeds() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.port=9223").run(ctx -> {
            ServerConfig c = ctx.getBean(WsServerLifecycle.class).getConfig();
            assertThat(c.port()).isEqualTo(9223);
            assertThat(c.maxSize()).isEqualTo(65536);
            assertThat(c.bufferSize()).isEqualTo(4096);
            assertThat(c.handshakePoolCount()).isEqualTo(50);
            assertThat(c.handshakeMaxSize()).isEqualTo(1024);
            assertThat(c.maxHeaders()).isZero();
            assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(c.handlePing()).isFalse();
            assertThat(c.handlePong()).isFalse();
            assertThat(c.handleClose()).isFalse();
            assertThat(c.validateUtf8()).isTrue();
            assertThat(c.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        });
    }

    @Test
    void bindsEveryProperty() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues(
                "ws.max-size=2MB", "ws.buffer-size=16KB", "ws.handshake-pool-count=7", "ws.handshake-max-size=2KB",
                "ws.max-headers=12", "ws.handshake-timeout=3s", "ws.handle-ping=true", "ws.handle-pong=true",
                "ws.handle-close=true", "ws.validate-utf8=false", "ws.event-loops=3", "ws.backlog=77",
                "ws.close-timeout=2s", "ws.loop-block-warning=0", "spring.lifecycle.timeout-per-shutdown-phase=5s").run(ctx -> {
                    WsServerLifecycle l = ctx.getBean(WsServerLifecycle.class);
                    ServerConfig c = l.getConfig();
                    assertThat(c.address()).isEqualTo("127.0.0.1");
                    assertThat(c.maxSize()).isEqualTo(2 * 1024 * 1024);
                    assertThat(c.bufferSize()).isEqualTo(16 * 1024);
                    assertThat(c.handshakePoolCount()).isEqualTo(7);
                    assertThat(c.handshakeMaxSize()).isEqualTo(2048);
                    assertThat(c.maxHeaders()).isEqualTo(12);
                    assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(c.handlePing() && c.handlePong() && c.handleClose()).isTrue();
                    assertThat(c.validateUtf8()).isFalse();
                    assertThat(c.eventLoops()).isEqualTo(3);
                    assertThat(c.backlog()).isEqualTo(77);
                    assertThat(c.closeTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(c.loopBlockWarning()).isZero();
                    assertThat(l.getStopGrace()).isEqualTo(Duration.ofMillis(4500)); // the phase timeout minus a tenth
                });
    }

    @Test
    void bindsTheLimits() {
        runner.withUserConfiguration(OneHandler.class).run(ctx -> {
            ServerConfig c = ctx.getBean(WsServerLifecycle.class).getConfig();
            assertThat(c.maxConnections()).isEqualTo(16384);
            assertThat(c.maxHandshakes()).isEqualTo(1024);
            assertThat(c.idleTimeout()).isZero();
            assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(c.pongTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(c.queuedBytesLimit()).isEqualTo(4 << 20);
            assertThat(c.allowedOrigins()).isEmpty();
        });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.max-connections=10", "ws.max-handshakes=5",
                "ws.idle-timeout=1m", "ws.ping-interval=0", "ws.pong-timeout=3s", "ws.max-queued-bytes=16MB",
                "ws.allowed-origins=https://*.example.com,http://localhost:[*]").run(ctx -> {
                    ServerConfig c = ctx.getBean(WsServerLifecycle.class).getConfig();
                    assertThat(c.maxConnections()).isEqualTo(10);
                    assertThat(c.maxHandshakes()).isEqualTo(5);
                    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(c.pingInterval()).isZero();
                    assertThat(c.pongTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(c.queuedBytesLimit()).isEqualTo(16L << 20);
                    assertThat(c.allowedOrigins()).containsExactly("https://*.example.com", "http://localhost:[*]");
                });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.max-handshakes=0").run(ctx ->
                assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.max-handshakes is 0"));
    }

    @Test
    void bindsTheHardeningLimits() {
        runner.withUserConfiguration(OneHandler.class).run(ctx -> {
            ServerConfig c = ctx.getBean(WsServerLifecycle.class).getConfig();
            assertThat(c.maxHandshakesPerAddress()).isEqualTo(32);
            assertThat(c.maxConnectionsPerAddress()).isZero();
            assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(c.bufferedBytesLimit()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
            assertThat(c.allowedHosts()).isEmpty();
            assertThat(c.compression().maxInflateRatio()).isEqualTo(100);
        });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.max-handshakes-per-address=4",
                "ws.max-connections-per-address=100", "ws.write-timeout=5s", "ws.max-buffered-bytes=256MB",
                "ws.allowed-hosts=chat.example.com,*.example.org", "ws.compression.max-inflate-ratio=0").run(ctx -> {
                    ServerConfig c = ctx.getBean(WsServerLifecycle.class).getConfig();
                    assertThat(c.maxHandshakesPerAddress()).isEqualTo(4);
                    assertThat(c.maxConnectionsPerAddress()).isEqualTo(100);
                    assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(c.bufferedBytesLimit()).isEqualTo(256L << 20);
                    assertThat(c.allowedHosts()).containsExactly("chat.example.com", "*.example.org");
                    assertThat(c.compression().maxInflateRatio()).isZero();
                });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.write-timeout=-1s").run(ctx ->
                assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.write-timeout"));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.compression.max-inflate-ratio=-1").run(ctx ->
                assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.compression.max-inflate-ratio"));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.ssl.bundle=nowhere").run(ctx ->
                assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.ssl.bundle is nowhere"));
    }

    @Test
    void compressionIsOnByDefaultAndConfigurable() {
        runner.withUserConfiguration(OneHandler.class).run(ctx -> {
            var c = ctx.getBean(WsServerLifecycle.class).getConfig().compression();
            assertThat(c.enabled()).isTrue();
            assertThat(c.serverContextTakeover() || c.clientContextTakeover()).isFalse();
            assertThat(c.minSize()).isEqualTo(256);
        });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.compression.enabled=false").run(ctx ->
                assertThat(ctx.getBean(WsServerLifecycle.class).getConfig().compression().enabled()).isFalse());
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.compression.level=1", "ws.compression.min-size=1KB",
                "ws.compression.server-context-takeover=true", "ws.compression.client-context-takeover=true",
                "ws.compression.server-max-window-bits=10", "ws.compression.client-max-window-bits=12").run(ctx -> {
                    var c = ctx.getBean(WsServerLifecycle.class).getConfig().compression();
                    assertThat(c.level()).isEqualTo(1);
                    assertThat(c.minSize()).isEqualTo(1024);
                    assertThat(c.serverContextTakeover() && c.clientContextTakeover()).isTrue();
                    assertThat(c.serverMaxWindowBits()).isEqualTo(10);
                    assertThat(c.clientMaxWindowBits()).isEqualTo(12);
                });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.compression.level=10").run(ctx ->
                assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.compression.level is 10"));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.compression.server-max-window-bits=7").run(ctx ->
                assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.compression.server-max-window-bits is 7"));
    }

    @Test
    void portOutOfRangeFailsNamingTheProperty() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.port=70000").run(ctx -> {
            assertThat(ctx).hasFailed();
            FailureAnalysis a = analysis(ctx.getStartupFailure());
            assertThat(a.getDescription()).isEqualTo(
                    "Invalid WebSocket configuration: ws.port is 70000, but it must be between 0 and 65535 (0 picks a free port).");
            assertThat(a.getAction()).contains("ws.port").contains("application.yml");
        });
    }

    @Test
    void bufferLargerThanMaxSizeFails() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.max-size=1KB", "ws.buffer-size=4KB").run(ctx -> {
            FailureAnalysis a = analysis(ctx.getStartupFailure());
            assertThat(a.getDescription()).contains("ws.max-size is 1024").contains("must be at least ws.buffer-size (4096)");
        });
    }

    @Test
    void bindsBackPressureAndTopicLimits() {
        runner.withUserConfiguration(OneHandler.class).run(ctx -> {
            ServerConfig c = ctx.getBean(WsServerLifecycle.class).getConfig();
            assertThat(c.writeBufferHighMark()).isEqualTo(64 * 1024);
            assertThat(c.writeBufferLowMark()).isEqualTo(32 * 1024);
            assertThat(c.maxSubscriptions()).isEqualTo(1024);
            assertThat(ctx.getBean(io.wsboot.Topics.class)).isInstanceOf(LifecycleTopics.class);
        });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.write-buffer-high-mark=1MB",
                "ws.write-buffer-low-mark=256KB", "ws.max-subscriptions=10").run(ctx -> {
                    ServerConfig c = ctx.getBean(WsServerLifecycle.class).getConfig();
                    assertThat(c.writeBufferHighMark()).isEqualTo(1 << 20);
                    assertThat(c.writeBufferLowMark()).isEqualTo(256 << 10);
                    assertThat(c.maxSubscriptions()).isEqualTo(10);
                });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.write-buffer-low-mark=128KB").run(ctx ->
                assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.write-buffer-high-mark"));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.max-subscriptions=-1").run(ctx ->
                assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.max-subscriptions is -1"));
    }

    @Test
    void aRedisBrokerWithoutRedisFailsNamingTheProperty() {
        runner.withConfiguration(AutoConfigurations.of(io.wsboot.spring.autoconfigure.broker.WsRedisBrokerAutoConfiguration.class))
                .withUserConfiguration(OneHandler.class).withPropertyValues("ws.broker=redis").run(ctx ->
                        assertThat(analysis(ctx.getStartupFailure()).getDescription())
                                .contains("ws.broker is redis").contains("spring-boot-starter-data-redis"));
        runner.withUserConfiguration(OneHandler.class).run(ctx ->
                assertThat(ctx.getBean(io.wsboot.spring.Presence.class))
                        .isInstanceOf(io.wsboot.spring.autoconfigure.broker.LocalPresence.class));
    }

    @Test
    void negativeAndOversizedValuesFail() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.handshake-pool-count=-1")
                .run(ctx -> assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.handshake-pool-count is -1"));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.max-size=4GB")
                .run(ctx -> assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.max-size is 4294967296B"));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.handshake-timeout=0s")
                .run(ctx -> assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.handshake-timeout"));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.handshake-max-size=100B")
                .run(ctx -> assertThat(analysis(ctx.getStartupFailure()).getDescription()).contains("ws.handshake-max-size is 100"));
    }

    @Configuration(proxyBeanMethods = false)
    static class DuplicatePaths {
        @Bean
        Echo first() {
            return new Echo();
        }

        @Bean
        @WsHandler("/echo")
        Handler second() {
            return (conn, message) -> conn.write("second");
        }
    }

    @Test
    void duplicatePathFailsNamingBothBeans() {
        runner.withUserConfiguration(DuplicatePaths.class).run(ctx -> {
            FailureAnalysis a = analysis(ctx.getStartupFailure());
            assertThat(a.getDescription()).isEqualTo("Two @WsHandler beans serve the path '/echo': 'first' and 'second'.");
            assertThat(a.getAction()).contains("its own path");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class AmbiguousTemplates {
        @Bean
        @WsHandler("/rooms/{room}")
        Handler rooms() {
            return (conn, message) -> conn.write("rooms");
        }

        @Bean
        @WsHandler({"/rooms/lobby", "/rooms/{id}"})
        Handler lobby() {
            return (conn, message) -> conn.write("lobby");
        }
    }

    @Test
    void ambiguousTemplatesFailNamingBothBeans() {
        runner.withUserConfiguration(AmbiguousTemplates.class).run(ctx -> {
            FailureAnalysis a = analysis(ctx.getStartupFailure());
            assertThat(a.getDescription()).contains("'/rooms/{room}' of bean 'rooms'").contains("'/rooms/{id}' of bean 'lobby'")
                    .contains("ambiguous");
            assertThat(a.getAction()).contains("more specific");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class BadTemplate {
        @Bean
        @WsHandler("/files/**/x")
        Handler files() {
            return (conn, message) -> conn.write("files");
        }
    }

    @Test
    void badTemplateFailsNamingTheBean() {
        runner.withUserConfiguration(BadTemplate.class).run(ctx -> assertThat(analysis(ctx.getStartupFailure()).getDescription())
                .contains("'files'").contains("'**' (any number of segments) may only come last"));
    }

    @Configuration(proxyBeanMethods = false)
    static class NotAHandler {
        @Bean
        @WsHandler("/x")
        String oops() {
            return "not a handler";
        }
    }

    @Test
    void annotatedBeanThatIsNoHandlerFails() {
        runner.withUserConfiguration(NotAHandler.class).run(ctx -> assertThat(analysis(ctx.getStartupFailure()).getDescription())
                .contains("'oops'").contains("does not implement io.wsboot.Handler"));
    }

    @Configuration(proxyBeanMethods = false)
    static class BadPath {
        @Bean
        @WsHandler("chat")
        Handler chat() {
            return (conn, message) -> { };
        }
    }

    @Test
    void pathWithoutSlashFails() {
        runner.withUserConfiguration(BadPath.class).run(ctx -> assertThat(analysis(ctx.getStartupFailure()).getDescription())
                .contains("'chat'").contains("does not start with '/'"));
    }

    @Configuration(proxyBeanMethods = false)
    static class SeveralPaths {
        @Bean
        @WsHandler({"/a", "/b"})
        Handler ab() {
            return (conn, message) -> { };
        }

        @Bean
        @WsHandler(path = "/c")
        Handler c() {
            return (conn, message) -> { };
        }
    }

    @Test
    void oneBeanMayServeSeveralPaths() {
        runner.withUserConfiguration(SeveralPaths.class)
                .run(ctx -> assertThat(ctx.getBean(WsHandlerRegistry.class).handlers()).containsOnlyKeys("/a", "/b", "/c"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        static final List<String> ORDER = new ArrayList<>();

        @Bean
        @Order(2)
        WsServerCustomizer second() {
            return b -> {
                ORDER.add("second");
                b.maxHeaders(20);
            };
        }

        @Bean
        @Order(1)
        WsServerCustomizer first() {
            return b -> {
                ORDER.add("first");
                b.maxHeaders(10);
            };
        }
    }

    @Test
    void customizersRunInOrderAfterTheProperties() {
        runner.withUserConfiguration(OneHandler.class, Customizers.class).withPropertyValues("ws.max-headers=5").run(ctx -> {
            assertThat(Customizers.ORDER).containsExactly("first", "second");
            assertThat(ctx.getBean(WsServerLifecycle.class).getConfig().maxHeaders()).isEqualTo(20);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean
        WsHandlerRegistry myRegistry() {
            WsHandlerRegistry r = new WsHandlerRegistry();
            r.add("/mine", "myRegistry", (conn, message) -> { });
            return r;
        }
    }

    @Test
    void userBeansReplaceTheAutoConfiguredOnes() {
        runner.withUserConfiguration(OneHandler.class, OwnBeans.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(WsHandlerRegistry.class);
            assertThat(ctx.getBean(WsServerLifecycle.class).getPaths()).containsExactly("/mine");
        });
        runner.withUserConfiguration(OneHandler.class).withBean("myLifecycle", WsServerLifecycle.class,
                () -> new WsServerLifecycle(WsServer.builder().port(0).handler("/own", (c, m) -> { }), Duration.ofSeconds(1), null))
                .run(ctx -> assertThat(ctx.getBean(WsServerLifecycle.class).getPaths()).containsExactly("/own"));
    }

    @Test
    void metricsNeedAMeterRegistry() {
        runner.withUserConfiguration(OneHandler.class).run(ctx -> assertThat(ctx).doesNotHaveBean(WsServerMetrics.class));
        runner.withUserConfiguration(OneHandler.class).withBean(SimpleMeterRegistry.class)
                .run(ctx -> assertThat(ctx).hasSingleBean(WsServerMetrics.class));
        runner.withUserConfiguration(OneHandler.class).withBean(SimpleMeterRegistry.class)
                .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(WsServerMetrics.class));
    }

    @Test
    void healthReportsTheRunningServer() {
        runner.withUserConfiguration(OneHandler.class)
                .withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class)).run(ctx -> {
                    WsHealthIndicator h = ctx.getBean(WsHealthIndicator.class);
                    var health = h.health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("port", ctx.getBean(WsServerLifecycle.class).getPort())
                            .containsKey("connections");
                    ctx.getBean(WsServerLifecycle.class).stop();
                    assertThat(h.health(true).getStatus()).isEqualTo(Status.DOWN);
                });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("management.health.ws.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(WsHealthIndicator.class));
        runner.withUserConfiguration(OneHandler.class)
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(WsHealthIndicator.class).hasSingleBean(WsServerLifecycle.class));
    }

    /** A loop that ended (its selector gone, here closed by hand) serves nobody: health says so. */
    @Test
    void healthIsDownWhileAnEventLoopIsDead() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.event-loops=2")
                .withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class)).run(ctx -> {
                    WsHealthIndicator h = ctx.getBean(WsHealthIndicator.class);
                    assertThat(h.health(true).getStatus()).isEqualTo(Status.UP);
                    io.wsboot.server.WsServer server = ctx.getBean(WsServerLifecycle.class).getServer();
                    java.lang.reflect.Field engine = server.getClass().getDeclaredField("engine");
                    engine.setAccessible(true);
                    Object e = engine.get(server);
                    java.lang.reflect.Field loops = e.getClass().getDeclaredField("loops");
                    loops.setAccessible(true);
                    Object loop = ((Object[]) loops.get(e))[1];
                    java.lang.reflect.Field selector = loop.getClass().getSuperclass().getDeclaredField("selector");
                    selector.setAccessible(true);
                    ((java.nio.channels.Selector) selector.get(loop)).close();
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (server.deadEventLoops().isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    var health = h.health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails().get("reason").toString()).contains("ws-loop-1");
                });
    }
}
