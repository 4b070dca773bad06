package io.wsboot.spring.autoconfigure;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.spring.WsHandler;
import io.wsboot.spring.autoconfigure.security.WsSecurityAutoConfiguration;
import io.wsboot.spring.security.HandshakeAuthenticator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** When the security integration applies, and that it needs nothing of Spring Security beyond what is there. */
class WsSecurityAutoConfigurationTest {
    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WsSecurityAutoConfiguration.class, WsAutoConfiguration.class))
            .withPropertyValues("ws.port=0", "ws.address=127.0.0.1");

    @Configuration(proxyBeanMethods = false)
    static class OneHandler {
        @Bean
        @WsHandler("/x")
        Handler x() {
            return (Conn conn, Message message) -> conn.write("x");
        }
    }

    /** What the server answers a WebSocket handshake on /x with: 101, or the refusal's status (the JDK's client). */
    static int handshakeStatus(int port) {
        try {
            java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/x"), new java.net.http.WebSocket.Listener() {
                    }).join().abort();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void guardsEveryHandlerWhenSpringSecurityIsPresent() {
        runner.withUserConfiguration(OneHandler.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(WsHandlerDecorator.class);
            assertThat(ctx.getBeansOfType(HandshakeAuthenticator.class)).containsOnlyKeys("wsBasicAuthenticator",
                    "wsBearerTokenAuthenticator", "wsSessionCookieAuthenticator");
            assertThat(handshakeStatus(ctx.getBean(WsServerLifecycle.class).getPort())).isEqualTo(401);
        });
    }

    @Test
    void roomForCredentialsInTheHandshakeUnlessTheApplicationSaysOtherwise() {
        runner.withUserConfiguration(OneHandler.class)
                .run(ctx -> assertThat(ctx.getBean(WsServerLifecycle.class).getConfig().handshakeMaxSize()).isEqualTo(8192));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.handshake-max-size=2KB")
                .run(ctx -> assertThat(ctx.getBean(WsServerLifecycle.class).getConfig().handshakeMaxSize()).isEqualTo(2048));
    }

    @Test
    void offWithTheProperty() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("ws.security.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(WsHandlerDecorator.class));
    }

    @Test
    void absentWithoutSpringSecurity() {
        runner.withUserConfiguration(OneHandler.class).withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean(WsHandlerDecorator.class);
                    assertThat(handshakeStatus(ctx.getBean(WsServerLifecycle.class).getPort())).isEqualTo(101);
                });
    }

    @Test
    void withoutResourceServerOrSpringSessionTheOtherWaysRemain() {
        runner.withUserConfiguration(OneHandler.class)
                .withClassLoader(new FilteredClassLoader("org.springframework.security.oauth2", "org.springframework.session"))
                .run(ctx -> assertThat(ctx.getBeansOfType(HandshakeAuthenticator.class)).containsOnlyKeys("wsBasicAuthenticator"));
    }
}
