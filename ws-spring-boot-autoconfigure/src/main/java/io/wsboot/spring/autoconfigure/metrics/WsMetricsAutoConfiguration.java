package io.wsboot.spring.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.wsboot.spring.autoconfigure.WsAutoConfiguration;
import io.wsboot.spring.autoconfigure.WsHandlerRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the WebSocket server ({@code ws.server.*}) when the application has a
 * {@link MeterRegistry} (e.g. through spring-boot-starter-actuator).
 */
@AutoConfiguration(after = WsAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean({MeterRegistry.class, WsHandlerRegistry.class})
public final class WsMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public WsServerMetrics wsServerMetrics(org.springframework.beans.factory.ObjectProvider<io.wsboot.spring.autoconfigure.WsServerLifecycle> lifecycle) {
        return new WsServerMetrics(() -> {
            io.wsboot.spring.autoconfigure.WsServerLifecycle l = lifecycle.getIfAvailable();
            return l == null ? null : l.getServer();
        });
    }

    /** ws.broker=redis: the relay's meters. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
    @ConditionalOnBean(io.wsboot.spring.autoconfigure.broker.RedisBroker.class)
    static class Relay {
        @Bean
        @ConditionalOnMissingBean
        io.wsboot.spring.autoconfigure.broker.RedisRelayMetrics wsRelayMetrics(io.wsboot.spring.autoconfigure.broker.RedisBroker broker) {
            return new io.wsboot.spring.autoconfigure.broker.RedisRelayMetrics(broker);
        }
    }
}
