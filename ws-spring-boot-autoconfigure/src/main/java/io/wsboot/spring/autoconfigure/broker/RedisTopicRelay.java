package io.wsboot.spring.autoconfigure.broker;

import io.wsboot.PreFramed;
import io.wsboot.TopicRelay;
import io.wsboot.Topics;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ws.broker=redis}: a topic is the Redis channel {@code <channel-prefix><topic>}. A publish
 * made here goes out on it through the {@link RedisWorker} (in publish order, never waited for);
 * this instance subscribes to a topic's channel while it has local subscribers, and hands what
 * the others publish to {@link Topics#publishLocally}. Redis gives every subscriber of a channel,
 * this instance included, each message: its own come back and are dropped by the id in their
 * {@link RelayEnvelope}, so a local subscriber gets a message once.
 *
 * <p>Subscriptions are changed on a thread of their own (the listener container may wait for
 * Redis to confirm), from the topic's local subscriber count at that moment, so a join and a
 * leave that race end in the right state. The container re-subscribes by itself after Redis
 * comes back (every {@value #RECOVERY_MS} ms until it does).
 */
public final class RedisTopicRelay implements TopicRelay, MessageListener {
    private static final System.Logger LOG = System.getLogger(RedisTopicRelay.class.getName());
    private static final long RECOVERY_MS = 1000;

    private final RedisWorker worker;
    private final String prefix;
    private final byte[] instance;
    private final RedisMessageListenerContainer container;
    private final ExecutorService subscriber = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ws-redis-subscriber");
        t.setDaemon(true);
        return t;
    });
    /** Topics whose channel this instance is subscribed to (subscriber thread). */
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private volatile Topics local;
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder echoes = new LongAdder();

    RedisTopicRelay(RedisConnectionFactory factory, RedisWorker worker, String prefix, byte[] instance) {
        this.worker = worker;
        this.prefix = prefix;
        this.instance = instance.clone();
        this.container = new RedisMessageListenerContainer();
        container.setConnectionFactory(factory);
        container.setTaskExecutor(new SyncTaskExecutor()); // in the order Redis delivers: per publisher and topic, publish order
        container.setRecoveryInterval(RECOVERY_MS);
        container.setBeanName("wsRedisRelayListener");
        container.afterPropertiesSet();
    }

    @Override
    public void started(Topics topics) {
        local = topics;
        onSubscriber(() -> {
            if (!container.isRunning()) {
                container.start();
            }
        });
    }

    @Override
    public void stopped(Topics topics) {
        local = null;
        onSubscriber(() -> {
            container.removeMessageListener(this);
            subscribed.clear();
        });
    }

    @Override
    public void interestChanged(String topic) {
        onSubscriber(() -> reconcile(topic));
    }

    /** On the subscriber thread; nothing once the relay is closed (the application is going away). */
    private void onSubscriber(Runnable work) {
        try {
            subscriber.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closed: nothing to subscribe any more
        }
    }

    /** Subscribes to or leaves the topic's channel as its local subscriber count says now. */
    private void reconcile(String topic) {
        Topics t = local;
        boolean wanted = t != null && t.subscribers(topic) > 0;
        try {
            if (wanted && subscribed.add(topic)) {
                container.addMessageListener(this, new ChannelTopic(prefix + topic));
            } else if (!wanted && subscribed.remove(topic)) {
                container.removeMessageListener(this, new ChannelTopic(prefix + topic));
            }
        } catch (RuntimeException e) {
            // the container keeps the listener and subscribes once Redis is back
            LOG.log(System.Logger.Level.DEBUG, "changing the subscription to " + topic + " failed for now", e);
        }
    }

    @Override
    public void published(String topic, PreFramed message) {
        worker.submit(new Publish((prefix + topic).getBytes(StandardCharsets.UTF_8), RelayEnvelope.encode(instance, message)));
    }

    /** One message out to the other instances; pipelined with the publishes next to it. */
    private final class Publish implements RedisWorker.Op {
        private final byte[] channel;
        private final byte[] body;

        Publish(byte[] channel, byte[] body) {
            this.channel = channel;
            this.body = body;
        }

        @Override
        public void run(RedisConnection c) {
            c.publish(channel, body);
            sent.increment();
        }

        @Override
        public void failed() {
            failed.increment();
        }

        @Override
        public boolean pipelines() {
            return true;
        }

        @Override
        public int bytes() {
            return body.length;
        }
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        byte[] body = message.getBody();
        if (!RelayEnvelope.readable(body)) {
            return; // not ours: something else publishes on the channel
        }
        if (RelayEnvelope.from(body, instance)) {
            echoes.increment(); // delivered here when it was published
            return;
        }
        Topics t = local;
        if (t != null) {
            String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
            t.publishLocally(channel.substring(prefix.length()), RelayEnvelope.message(body));
            received.increment();
        }
    }

    /** Whether Redis answers: publishes go out, and the container listens. */
    public boolean isUp() {
        return worker.isUp();
    }

    public String lastError() {
        return worker.lastError();
    }

    /** Messages published to Redis for the other instances. */
    public long sentCount() {
        return sent.sum();
    }

    /** Messages other instances published that this one delivered to its subscribers. */
    public long receivedCount() {
        return received.sum();
    }

    /** Publishes that could not reach Redis (it was down, or the queue full): the other instances missed them. */
    public long failedCount() {
        return failed.sum();
    }

    /** This instance's own publishes that Redis handed back, dropped (they were delivered here at once). */
    public long echoCount() {
        return echoes.sum();
    }

    /** Channels this instance is subscribed to: topics with local subscribers. */
    public int channelCount() {
        return subscribed.size();
    }

    /** Stops listening and the subscriber thread (the worker is stopped by its owner). */
    void close() {
        local = null;
        subscriber.shutdown();
        try {
            subscriber.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            container.destroy();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "stopping the Redis listener container", e);
        }
    }
}
