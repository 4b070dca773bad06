package io.wsboot.spring.autoconfigure;

import io.wsboot.Conn;
import io.wsboot.PreFramed;
import io.wsboot.TopicRelay;
import io.wsboot.Topics;
import io.wsboot.server.WsServer;

import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link Topics} bean any component injects (a REST controller publishing an order update):
 * the running server's topics, looked up at each call, so it is usable before the server starts
 * and across restarts. While no server runs there is no subscriber here to reach: a publish
 * goes to the other instances only (through the relay, with {@code ws.broker=redis}).
 */
public final class LifecycleTopics implements Topics {
    private final Supplier<WsServer> server;
    private final TopicRelay relay;

    /**
     * @param server the running server, or null; looked up at each call, so that handler beans
     *               (which the server is made of) can depend on this bean
     */
    public LifecycleTopics(Supplier<WsServer> server, TopicRelay relay) {
        this.server = server;
        this.relay = relay;
    }

    private Topics running() {
        WsServer s = server.get();
        return s == null ? null : s.topics();
    }

    @Override
    public int publish(String topic, PreFramed message, Conn except) {
        Topics t = running();
        if (t == null) {
            relay.published(topic, message);
            return 0;
        }
        return t.publish(topic, message, except);
    }

    @Override
    public int publishLocally(String topic, PreFramed message) {
        Topics t = running();
        return t == null ? 0 : t.publishLocally(topic, message);
    }

    @Override
    public int subscribers(String topic) {
        Topics t = running();
        return t == null ? 0 : t.subscribers(topic);
    }

    @Override
    public int topicCount() {
        Topics t = running();
        return t == null ? 0 : t.topicCount();
    }

    @Override
    public java.util.Map<String, Integer> largest(int limit) {
        Topics t = running();
        return t == null ? java.util.Map.of() : t.largest(limit);
    }

    @Override
    public long subscriptionCount() {
        return count(Topics::subscriptionCount);
    }

    @Override
    public long publishCount() {
        return count(Topics::publishCount);
    }

    @Override
    public long deliveryCount() {
        return count(Topics::deliveryCount);
    }

    @Override
    public long dropCount() {
        return count(Topics::dropCount);
    }

    /** A count of the running server's topics; 0 while none runs. */
    private long count(java.util.function.ToLongFunction<Topics> count) {
        Topics t = running();
        return t == null ? 0 : count.applyAsLong(t);
    }

    @Override
    public List<Conn> connections(String key) {
        Topics t = running();
        return t == null ? List.of() : t.connections(key);
    }
}
