package io.wsboot.spring.autoconfigure.broker;

import io.wsboot.ServerConfig.InvalidConfigException;
import io.wsboot.spring.autoconfigure.ConditionalOnWsHandlers;
import io.wsboot.spring.autoconfigure.WsAutoConfiguration;
import io.wsboot.spring.autoconfigure.WsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@code ws.broker=redis}: topics and presence across instances over the application's Redis
 * ({@code spring.data.redis.*}, Spring Data Redis with Lettuce). Runs before the server's
 * configuration, which hands the relay to the engine.
 */
@AutoConfiguration(before = WsAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(name = {"org.springframework.data.redis.connection.RedisConnectionFactory", "io.wsboot.server.WsServer"})
@ConditionalOnBooleanProperty(name = "ws.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "ws.broker", havingValue = "redis")
@ConditionalOnWsHandlers
@EnableConfigurationProperties(WsProperties.class)
public final class WsRedisBrokerAutoConfiguration {

    @Bean(destroyMethod = "close")
    public RedisBroker wsRedisBroker(ObjectProvider<RedisConnectionFactory> factory, WsProperties properties) {
        RedisConnectionFactory f = factory.getIfAvailable();
        if (f == null) {
            throw new InvalidConfigException("broker", "redis",
                    "needs a Redis connection: add spring-boot-starter-data-redis and set spring.data.redis.*");
        }
        return new RedisBroker(f, properties.getRedis());
    }

    @Bean
    public RedisTopicRelay wsTopicRelay(RedisBroker broker) {
        return broker.relay();
    }

    @Bean
    public RedisPresence wsPresence(RedisBroker broker) {
        return broker.presence();
    }
}
