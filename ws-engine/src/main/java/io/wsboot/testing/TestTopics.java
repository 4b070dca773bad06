package io.wsboot.testing;

import io.wsboot.Conn;
import io.wsboot.PreFramed;
import io.wsboot.Topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Topics} for unit tests, without a server: the {@link TestConn}s opened with it
 * ({@link WsTesting#open(io.wsboot.Handler, WsTesting.HandshakeBuilder, TestTopics)}) join and leave
 * its topics, and a publish is recorded by every subscriber at once, in the order they joined.
 * Every publish is kept ({@link #published()}). Thread-safe.
 */
public final class TestTopics implements Topics {
    /** A message published to a topic. */
    public record Published(String topic, PreFramed message) {
    }

    private final Map<String, List<TestConn>> members = new LinkedHashMap<>();
    private final List<TestConn> conns = new ArrayList<>();
    private final List<Published> published = new ArrayList<>();
    private long deliveries;
    private long drops;

    synchronized void opened(TestConn c) {
        conns.add(c);
    }

    synchronized void join(String topic, TestConn c) {
        members.computeIfAbsent(topic, k -> new ArrayList<>()).add(c);
    }

    synchronized void leave(String topic, TestConn c) {
        List<TestConn> m = members.get(topic);
        if (m != null && m.remove(c) && m.isEmpty()) {
            members.remove(topic);
        }
    }

    /** {@code c} ended: it leaves every topic. */
    synchronized void ended(TestConn c) {
        for (String t : List.copyOf(members.keySet())) {
            leave(t, c);
        }
        conns.remove(c);
    }

    @Override
    public int publish(String topic, PreFramed message, Conn except) {
        List<TestConn> to;
        synchronized (this) {
            published.add(new Published(topic, message));
            to = List.copyOf(members.getOrDefault(topic, List.of()));
        }
        for (TestConn c : to) { // outside the lock: a TestConn takes its own
            if (c != except) {
                boolean sent = c.writeFramed(message);
                synchronized (this) {
                    if (sent) {
                        deliveries++;
                    } else {
                        drops++;
                    }
                }
            }
        }
        return to.size();
    }

    @Override
    public int publishLocally(String topic, PreFramed message) {
        return publish(topic, message, null);
    }

    /** Every message published so far, in order. */
    public synchronized List<Published> published() {
        return List.copyOf(published);
    }

    @Override
    public synchronized int subscribers(String topic) {
        return members.getOrDefault(topic, List.of()).size();
    }

    @Override
    public synchronized int topicCount() {
        return members.size();
    }

    @Override
    public synchronized long subscriptionCount() {
        return members.values().stream().mapToLong(List::size).sum();
    }

    @Override
    public synchronized long publishCount() {
        return published.size();
    }

    @Override
    public synchronized long deliveryCount() {
        return deliveries;
    }

    @Override
    public synchronized long dropCount() {
        return drops;
    }

    @Override
    public synchronized List<Conn> connections(String key) {
        List<Conn> found = new ArrayList<>();
        for (TestConn c : conns) {
            if (key.equals(c.key())) {
                found.add(c);
            }
        }
        return found;
    }
}
