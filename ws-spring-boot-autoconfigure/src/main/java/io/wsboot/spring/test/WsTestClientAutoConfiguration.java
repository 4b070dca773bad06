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
    public WsTestClient wsTestClient(WsServerLifecycle server, org.springframework.beans.factory.ObjectProvider<WsTestClient.Identities> users) {
        WsTestClient.Identities u = users.getIfAvailable(); // by its interface: no Spring Security class is loaded without it
        return new WsTestClient(() -> {
            int port = server.getPort();
            if (port < 0) {
                throw new IllegalStateException("the WebSocket server is not running");
            }
            return port;
        }, WsTestClient.defaultConfig(), u == null ? WsTestClient.Identities.NONE : u, null);
    }

    /** Test connections as a given user ({@link WsTestClient#as}, {@code @WithMockUser}): tried before every other authenticator. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(name = "org.springframework.security.core.Authentication")
    static class Users {
        @Bean
        @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
        TestUsers wsTestUsers() {
            return new TestUsers();
        }
    }
}
