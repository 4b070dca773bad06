package io.wsboot.spring;

import io.wsboot.spring.app.EchoHandler;
import io.wsboot.spring.app.TestApplication;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import io.wsboot.spring.test.WsTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Closing the application context drains the WebSocket port: 1001 to every connection, callbacks run, port released. */
class GracefulShutdownTest {

    @Test
    void closingTheContextSends1001AndRunsCloseCallbacks() {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties("ws.port=0", "ws.address=127.0.0.1", "spring.lifecycle.timeout-per-shutdown-phase=5s")
                .run();
        int port = ctx.getBean(WsServerLifecycle.class).getPort();
        EchoHandler echo = ctx.getBean(EchoHandler.class);
        WsTestClient client = new WsTestClient(() -> port);
        WsTestClient.Session a = client.connect("/echo");
        WsTestClient.Session b = client.connect("/greet?name=bob");
        assertThat(b.receiveText()).isEqualTo("hello bob");
        a.send("still here");
        assertThat(a.receiveText()).isEqualTo("still here");

        ctx.close();

        assertThat(a.awaitClose().closeCode()).isEqualTo(1001);
        assertThat(a.awaitClose().closeReason()).isEqualTo("server shutting down");
        assertThat(b.awaitClose().closeCode()).isEqualTo(1001);
        assertThat(echo.closeCodes()).containsExactly(1001);
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(IOException.class);
    }
}
