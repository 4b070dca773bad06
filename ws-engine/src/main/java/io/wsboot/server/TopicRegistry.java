package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.PreFramed;
import io.wsboot.TopicRelay;
import io.wsboot.Topics;
import io.wsboot.session.Session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's {@link Topics}. Two levels, so that a publish takes no lock the loops share:
 * <ul>
 * <li>here, one {@link Topic} per name: its subscriber count in all, and per loop, so a publish
 * hands a task only to the loops that have subscribers;
 * <li>on each loop, its own subscribers of each topic ({@link Members}), touched by that loop
 * only: joins, leaves and fan-out are tasks on it, in the order they were asked for.
 * </ul>
 * Connections filed under an application's key are kept apart from topics, in one concurrent map.
 */
final class TopicRegistry implements Topics {
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private static final System.Logger LOG = System.getLogger(TopicRegistry.class.getName());
    private final TopicRelay relay;
    private volatile boolean relayFailureLogged;
    private volatile ServerLoop[] loops = new ServerLoop[0];
    private final LongAdder subscriptions = new LongAdder();
    private final LongAdder publishes = new LongAdder();
    /** Added once per loop and publish, not per subscriber. */
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder drops = new LongAdder();

    /** A topic while it has subscribers; a new one is made when it gets one again. */
    static final class Topic {
        final String name;
        final AtomicInteger members = new AtomicInteger();
        final AtomicIntegerArray perLoop;

        Topic(String name, int loops) {
            this.name = name;
            this.perLoop = new AtomicIntegerArray(loops);
        }
    }

    /** One loop's subscribers, by topic. Loop only. */
    static final class Members {
        private final HashMap<Topic, ArrayList<Session>> byTopic = new HashMap<>();
        private final TopicRegistry registry;

        Members(TopicRegistry registry) {
            this.registry = registry;
        }

        void join(Topic t, Session s) {
            if (!s.hasEnded()) { // a session that ended meanwhile has left its topics already, or is about to
                byTopic.computeIfAbsent(t, k -> new ArrayList<>()).add(s);
            }
        }

        void leave(Topic t, Session s) {
            ArrayList<Session> list = byTopic.get(t);
            if (list != null && list.remove(s) && list.isEmpty()) {
                byTopic.remove(t);
            }
        }

        /** The same frame for every subscriber on this loop; each flushes once the loop's turn is done. */
        void fanOut(Topic t, PreFramed frame, Conn except) {
            ArrayList<Session> list = byTopic.get(t);
            if (list == null) {
                return;
            }
            int delivered = 0;
            int dropped = 0;
            for (int i = 0; i < list.size(); i++) {
                Session s = list.get(i);
                if (s != except) {
                    if (s.writeFramed(frame)) {
                        delivered++;
                    } else {
                        dropped++;
                    }
                }
            }
            registry.deliveries.add(delivered);
            if (dropped > 0) {
                registry.drops.add(dropped);
            }
        }
    }

    TopicRegistry(TopicRelay relay) {
        this.relay = relay;
    }

    /** Tells the relay; what it throws is its own problem, never the connection's that joined or left. */
    private void interestChanged(String topic) {
        try {
            relay.interestChanged(topic);
        } catch (RuntimeException e) {
            relayFailed(e);
        }
    }

    private void relayFailed(RuntimeException e) {
        if (!relayFailureLogged) {
            relayFailureLogged = true; // once: it would fail the same way for every message
            LOG.log(System.Logger.Level.WARNING, "the topic relay " + relay + " threw; local delivery goes on", e);
        }
    }

    /** Open connections by the key the application gave them. */
    private final ConcurrentHashMap<String, Set<Conn>> byKey = new ConcurrentHashMap<>();

    @Override
    public List<Conn> connections(String key) {
        Set<Conn> filed = byKey.get(key);
        return filed == null ? List.of() : List.copyOf(filed);
    }

    /** {@code c} moves from key {@code from} to key {@code to} (either may be null). Any thread. */
    void file(Conn c, String from, String to) {
        if (from != null) {
            byKey.computeIfPresent(from, (k, set) -> {
                set.remove(c);
                return set.isEmpty() ? null : set;
            });
        }
        if (to != null) {
            byKey.compute(to, (k, set) -> {
                Set<Conn> s = set != null ? set : ConcurrentHashMap.newKeySet();
                s.add(c);
                return s;
            });
        }
    }

    void start(ServerLoop[] ls) {
        loops = ls;
    }

    @Override
    public int publish(String topic, PreFramed message, Conn except) {
        int n = publishLocally(topic, message, except);
        try {
            relay.published(topic, message);
        } catch (RuntimeException e) {
            relayFailed(e);
        }
        return n;
    }

    @Override
    public int publishLocally(String topic, PreFramed message) {
        return publishLocally(topic, message, null);
    }

    private int publishLocally(String topic, PreFramed message, Conn except) {
        Objects.requireNonNull(message, "message");
        publishes.increment();
        Topic t = topics.get(topic);
        if (t == null) {
            return 0;
        }
        for (ServerLoop l : loops) {
            if (t.perLoop.get(l.index) > 0) {
                l.execute(() -> l.members.fanOut(t, message, except));
            }
        }
        return t.members.get();
    }

    @Override
    public int subscribers(String topic) {
        Topic t = topics.get(topic);
        return t == null ? 0 : t.members.get();
    }

    @Override
    public int topicCount() {
        return topics.size();
    }

    @Override
    public java.util.Map<String, Integer> largest(int limit) {
        // counts read once each: they change while we look
        java.util.PriorityQueue<java.util.Map.Entry<String, Integer>> top = new java.util.PriorityQueue<>(java.util.Map.Entry.comparingByValue());
        for (Topic t : topics.values()) {
            top.add(java.util.Map.entry(t.name, t.members.get()));
            if (top.size() > limit) {
                top.poll();
            }
        }
        java.util.List<java.util.Map.Entry<String, Integer>> sorted = new java.util.ArrayList<>(top);
        sorted.sort(java.util.Map.Entry.<String, Integer>comparingByValue().reversed());
        java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @Override
    public long subscriptionCount() {
        return subscriptions.sum();
    }

    @Override
    public long publishCount() {
        return publishes.sum();
    }

    @Override
    public long deliveryCount() {
        return deliveries.sum();
    }

    @Override
    public long dropCount() {
        return drops.sum();
    }

    /** {@code s} on {@code loop} joins {@code name} (its connection checked it was not a member). Any thread. */
    void join(Session s, ServerLoop loop, String name) {
        boolean[] first = new boolean[1];
        Topic t = topics.compute(name, (k, v) -> {
            first[0] = v == null;
            Topic topic = v != null ? v : new Topic(k, loops.length);
            topic.members.incrementAndGet();
            topic.perLoop.incrementAndGet(loop.index);
            return topic;
        });
        subscriptions.increment();
        loop.execute(() -> loop.members.join(t, s)); // a task even on the loop: after what was asked before
        if (first[0]) {
            interestChanged(name);
        }
    }

    /** {@code s} leaves {@code name} (it was a member). Any thread. */
    void leave(Session s, ServerLoop loop, String name) {
        Topic[] left = new Topic[1];
        topics.computeIfPresent(name, (k, v) -> {
            left[0] = v;
            v.perLoop.decrementAndGet(loop.index);
            return v.members.decrementAndGet() == 0 ? null : v;
        });
        if (left[0] != null) {
            subscriptions.decrement();
            Topic t = left[0];
            loop.execute(() -> loop.members.leave(t, s));
            if (t.members.get() == 0) {
                interestChanged(name);
            }
        }
    }
}
