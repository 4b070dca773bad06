package io.wsboot.spring.autoconfigure.broker;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** {@code ws.broker=redis}: the relay's meters ({@code ws.server.topics.relay.*}), read from its counts when scraped. */
public final class RedisRelayMetrics implements MeterBinder {
    private final RedisBroker broker;

    public RedisRelayMetrics(RedisBroker broker) {
        this.broker = broker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        RedisTopicRelay relay = broker.relay();
        FunctionCounter.builder("ws.server.topics.relay.sent", relay, RedisTopicRelay::sentCount)
                .description("Messages published to Redis for the other instances").register(registry);
        FunctionCounter.builder("ws.server.topics.relay.received", relay, RedisTopicRelay::receivedCount)
                .description("Messages other instances published, delivered to this one's subscribers").register(registry);
        FunctionCounter.builder("ws.server.topics.relay.failed", relay, RedisTopicRelay::failedCount)
                .description("Publishes that did not reach Redis (down, or ws.redis.max-pending waiting): the other instances missed them")
                .register(registry);
        Gauge.builder("ws.server.topics.relay.up", relay, r -> r.isUp() ? 1 : 0)
                .description("1 while Redis answers the relay, 0 while it does not").register(registry);
        Gauge.builder("ws.server.topics.relay.channels", relay, RedisTopicRelay::channelCount)
                .description("Redis channels this instance is subscribed to: its topics with local subscribers").register(registry);
        Gauge.builder("ws.server.topics.relay.pending", broker, RedisBroker::pending)
                .description("Publishes and presence updates waiting for Redis").register(registry);
    }
}
