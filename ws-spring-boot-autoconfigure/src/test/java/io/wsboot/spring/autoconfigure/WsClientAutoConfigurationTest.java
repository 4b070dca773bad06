package io.wsboot.spring.autoconfigure;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wsboot.client.ClientConfig;
import io.wsboot.client.ClientEventLoops;
import io.wsboot.client.WsClient;
import io.wsboot.spring.autoconfigure.client.WsClientAutoConfiguration;
import io.wsboot.spring.autoconfigure.client.WsClientFactory;
import io.wsboot.spring.autoconfigure.client.WsClientMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The client factory: present without any handler, ws.client.* defaults, SSL bundles, meters. */
class WsClientAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WsClientAutoConfiguration.class, SslAutoConfiguration.class));

    @Test
    void aClientOnlyApplicationGetsTheFactoryWithTheSeedDefaults() {
        runner.run(ctx -> {
            ClientConfig c = ctx.getBean(WsClientFactory.class).config();
            assertThat(c.maxSize()).isEqualTo(65536);
            assertThat(c.bufferSize()).isEqualTo(4096);
            assertThat(c.handlePing() || c.handlePong() || c.handleClose()).isFalse();
            assertThat(c.verifyHostname()).isTrue();
            assertThat(c.sslContext()).isNull();
        });
        runner.withClassLoader(new FilteredClassLoader(WsClient.class)).run(ctx -> assertThat(ctx).doesNotHaveBean(WsClientFactory.class));
    }

    @Test
    void bindsTheClientProperties() {
        runner.withPropertyValues("ws.client.max-size=1MB", "ws.client.buffer-size=8KB", "ws.client.handle-ping=true",
                "ws.client.handle-close=true", "ws.client.connect-timeout=2s", "ws.client.handshake-timeout=3s",
                "ws.client.close-timeout=1s", "ws.client.ssl.verify-hostname=false").run(ctx -> {
                    ClientConfig c = ctx.getBean(WsClientFactory.class).config();
                    assertThat(c.maxSize()).isEqualTo(1 << 20);
                    assertThat(c.bufferSize()).isEqualTo(8192);
                    assertThat(c.handlePing()).isTrue();
                    assertThat(c.handleClose()).isTrue();
                    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(c.closeTimeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(c.verifyHostname()).isFalse();
                });
    }

    @Test
    void clientCompressionIsOffUnlessAsked() {
        runner.run(ctx -> assertThat(ctx.getBean(WsClientFactory.class).config().compression().enabled()).isFalse());
        runner.withPropertyValues("ws.client.compression.enabled=true", "ws.client.compression.level=9").run(ctx -> {
            var c = ctx.getBean(WsClientFactory.class).config().compression();
            assertThat(c.enabled()).isTrue();
            assertThat(c.level()).isEqualTo(9);
            assertThat(c.clientContextTakeover()).isTrue();
        });
        runner.withPropertyValues("ws.client.compression.level=0").run(ctx ->
                assertThat(new WsFailureAnalyzer().analyze(ctx.getStartupFailure()).getDescription()).contains("ws.client.compression.level is 0"));
    }

    @Test
    void sharedEventLoopsWhenAskedStoppedWithTheContext() throws Exception {
        runner.run(ctx -> assertThat(ctx.getBean(WsClientFactory.class).config().eventLoops()).isNull());
        ClientEventLoops[] seen = new ClientEventLoops[1];
        runner.withPropertyValues("ws.client.event-loops=2").run(ctx -> {
            seen[0] = ctx.getBean(WsClientFactory.class).config().eventLoops();
            assertThat(seen[0]).isNotNull();
            assertThat(seen[0].size()).isEqualTo(2);
            assertThat(loopThreads()).hasSizeGreaterThanOrEqualTo(2);
        });
        // the context closed: the factory stopped its loops (every loop thread of the JVM is gone)
        assertThat(loopThreads()).isEmpty();
        // a factory-made client is read by the loops, end to end against a server
        io.wsboot.server.WsServer server = io.wsboot.server.WsServer.builder().port(0).address("127.0.0.1")
                .handler("/echo", (conn, m) -> conn.writeFrame(m.type(), m.data())).start();
        try {
            runner.withPropertyValues("ws.client.event-loops=1").run(ctx -> {
                WsClient c = ctx.getBean(WsClientFactory.class).connect("ws://127.0.0.1:" + server.port() + "/echo");
                assertThat(c.onEventLoop()).isTrue();
                java.util.concurrent.BlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
                var end = c.readLoopAsync(m -> got.add(m.text() + " on " + Thread.currentThread().getName()));
                c.writeText("hello");
                assertThat(got.poll(5, java.util.concurrent.TimeUnit.SECONDS)).startsWith("hello on ws-client-loop-");
                c.close();
                end.get(5, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(c.closeCode()).isEqualTo(1000);
            });
        } finally {
            server.stop();
        }
        runner.withPropertyValues("ws.client.max-queued-bytes=4MB").run(ctx ->
                assertThat(ctx.getBean(WsClientFactory.class).config().maxQueuedBytes()).isEqualTo(4L << 20));
        runner.withPropertyValues("ws.client.max-queued-bytes=0").run(ctx ->
                assertThat(new WsFailureAnalyzer().analyze(ctx.getStartupFailure()).getDescription()).contains("ws.client.max-queued-bytes"));
        runner.withPropertyValues("ws.client.event-loops=-1").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(new WsFailureAnalyzer().analyze(ctx.getStartupFailure()).getDescription())
                    .contains("ws.client.event-loops is -1");
        });
    }

    private static List<Thread> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ws-client-loop-") && t.isAlive()).toList();
    }

    @Test
    void invalidSizesFailNamingTheProperty() {
        runner.withPropertyValues("ws.client.max-size=1KB", "ws.client.buffer-size=4KB").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(new WsFailureAnalyzer().analyze(ctx.getStartupFailure()).getDescription())
                    .contains("ws.client.max-size is 1024").contains("at least ws.client.buffer-size (4096)");
        });
    }

    @Test
    void takesTrustFromAnSslBundle(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("trust.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "1",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "secret").inheritIO().start();
        assertThat(p.waitFor()).isZero();
        runner.withPropertyValues("spring.ssl.bundle.jks.test.truststore.location=file:" + store,
                "spring.ssl.bundle.jks.test.truststore.password=secret", "spring.ssl.bundle.jks.test.truststore.type=PKCS12",
                "ws.client.ssl.bundle=test").run(ctx -> {
                    WsClientFactory f = ctx.getBean(WsClientFactory.class);
                    assertThat(f.config().sslContext()).isNotNull();
                    assertThat(f.config().tls()).isFalse(); // wss:// turns it on; ws:// stays plain
                    assertThat(f.withSslBundle("test").sslContext()).isNotNull();
                });
        runner.withPropertyValues("ws.client.ssl.bundle=missing").run(ctx -> assertThat(ctx).hasFailed());
    }

    @Test
    void metersWhenThereIsARegistry() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(WsClientMetrics.class));
        runner.withBean(SimpleMeterRegistry.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(WsClientMetrics.class);
            assertThat(ctx.getBean(WsClientFactory.class).config().observer()).isSameAs(ctx.getBean(WsClientMetrics.class));
        });
        assertThat(List.of()).isEmpty();
    }
}
