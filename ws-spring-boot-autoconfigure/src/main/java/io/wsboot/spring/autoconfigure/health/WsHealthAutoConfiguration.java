package io.wsboot.spring.autoconfigure.health;

import io.wsboot.spring.autoconfigure.WsAutoConfiguration;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code ws} health indicator (management.health.ws.enabled) when Spring Boot's health support is present. */
@AutoConfiguration(after = WsAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(WsServerLifecycle.class)
public final class WsHealthAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("ws")
    static class Indicator {
        @Bean
        @ConditionalOnMissingBean(name = "wsHealthIndicator")
        WsHealthIndicator wsHealthIndicator(WsServerLifecycle lifecycle) {
            return new WsHealthIndicator(lifecycle);
        }
    }

    /** ws.broker=redis: the relay's state (management.health.wsRelay.enabled). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
    @ConditionalOnBean(io.wsboot.spring.autoconfigure.broker.RedisBroker.class)
    @ConditionalOnEnabledHealthIndicator("wsRelay")
    static class RelayIndicator {
        @Bean
        @ConditionalOnMissingBean(name = "wsRelayHealthIndicator")
        WsRelayHealthIndicator wsRelayHealthIndicator(io.wsboot.spring.autoconfigure.broker.RedisBroker broker) {
            return new WsRelayHealthIndicator(broker);
        }
    }
}
