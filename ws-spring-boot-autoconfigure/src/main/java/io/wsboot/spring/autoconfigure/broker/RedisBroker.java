package io.wsboot.spring.autoconfigure.broker;

import io.wsboot.ServerConfig.InvalidConfigException;
import io.wsboot.spring.autoconfigure.WsProperties;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * {@code ws.broker=redis}: this instance's id, and what talks to Redis for it: the
 * {@link RedisWorker}, the {@link RedisTopicRelay} and the {@link RedisPresence}, started and
 * stopped together.
 */
public final class RedisBroker implements AutoCloseable {
    private final RedisWorker worker;
    private final RedisTopicRelay relay;
    private final RedisPresence presence;
    private final String instance;

    public RedisBroker(RedisConnectionFactory factory, WsProperties.Redis p) {
        Duration ttl = p.getPresenceTtl();
        if (ttl == null || ttl.toMillis() < 300) {
            throw new InvalidConfigException("redis.presence-ttl", ttl, "must be at least 300ms (entries are refreshed every third of it)");
        }
        if (p.getMaxPending() < 1) {
            throw new InvalidConfigException("redis.max-pending", p.getMaxPending(), "must be at least 1");
        }
        if (p.getMaxPendingBytes() == null || p.getMaxPendingBytes().toBytes() < 1) {
            throw new InvalidConfigException("redis.max-pending-bytes", p.getMaxPendingBytes(), "must be positive");
        }
        byte[] id = new byte[RelayEnvelope.ID_LENGTH];
        new SecureRandom().nextBytes(id);
        this.instance = HexFormat.of().formatHex(id);
        this.worker = new RedisWorker(factory, p.getMaxPending(), p.getMaxPendingBytes().toBytes(), ttl.dividedBy(3));
        this.relay = new RedisTopicRelay(factory, worker, p.getChannelPrefix(), id);
        this.presence = new RedisPresence(worker, p.getPresencePrefix(), instance, ttl);
        worker.tasks(presence::refresh, presence::refresh);
        worker.start();
    }

    public RedisTopicRelay relay() {
        return relay;
    }

    public RedisPresence presence() {
        return presence;
    }

    /** This instance's id in Redis (its presence entries, its messages' envelopes). */
    public String instance() {
        return instance;
    }

    /** Publishes and presence updates waiting for Redis. */
    public int pending() {
        return worker.queued();
    }

    @Override
    public void close() {
        relay.close();
        worker.close(Duration.ofSeconds(5));
    }
}
