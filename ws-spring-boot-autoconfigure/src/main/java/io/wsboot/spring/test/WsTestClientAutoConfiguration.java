package io.wsboot.spring.test;

import io.wsboot.spring.autoconfigure.WsAutoConfiguration;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** A {@link WsTestClient} aimed at the running server; imported by {@link AutoConfigureWs}. */
@AutoConfiguration(after = WsAutoConfiguration.class)
@ConditionalOnBean(WsServerLifecycle.class)
public final class WsTestClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public WsTestClient wsTestClient(WsServerLifecycle server) {
        return new WsTestClient(() -> {
            int port = server.getPort();
            if (port < 0) {
                throw new IllegalStateException("the WebSocket server is not running");
            }
            return port;
        });
    }
}
