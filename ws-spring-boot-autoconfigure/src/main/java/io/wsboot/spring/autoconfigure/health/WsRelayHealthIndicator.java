package io.wsboot.spring.autoconfigure.health;

import io.wsboot.spring.autoconfigure.broker.RedisBroker;
import io.wsboot.spring.autoconfigure.broker.RedisTopicRelay;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code ws.broker=redis}: UP while Redis answers the relay, DOWN (with the last error) while
 * it does not. Local delivery goes on either way; DOWN means the other instances miss what is
 * published here, and this one what they publish.
 */
public class WsRelayHealthIndicator extends AbstractHealthIndicator {
    private final RedisBroker broker;

    public WsRelayHealthIndicator(RedisBroker broker) {
        super("WebSocket topic relay health check failed");
        this.broker = broker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        RedisTopicRelay relay = broker.relay();
        if (relay.isUp()) {
            builder.up();
        } else {
            builder.down().withDetail("error", relay.lastError());
        }
        builder.withDetail("broker", "redis")
                .withDetail("instance", broker.instance())
                .withDetail("channels", relay.channelCount())
                .withDetail("pending", broker.pending())
                .withDetail("sent", relay.sentCount())
                .withDetail("received", relay.receivedCount())
                .withDetail("failed", relay.failedCount());
    }
}
