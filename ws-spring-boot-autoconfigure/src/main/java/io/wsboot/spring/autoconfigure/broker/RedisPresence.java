package io.wsboot.spring.autoconfigure.broker;

import io.wsboot.spring.Presence;
import org.springframework.data.redis.connection.RedisConnection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ws.broker=redis}: a topic's members are the sorted set {@code <key-prefix><topic>}, one
 * entry {@code <instance>|<member>} per member of each instance, scored with the time it
 * expires. Each instance refreshes its entries every third of {@code presence-ttl}; an instance
 * that dies stops refreshing and its members drop out of every list within the ttl. Readers
 * skip expired entries and remove them. The instance's own counts ({@link MemberCounts}) decide
 * when a member is added or removed, so two tabs of one user are one entry.
 *
 * <p>Scores are each instance's wall clock: clocks apart by less than the ttl are fine.
 */
public final class RedisPresence implements Presence {
    private final RedisWorker worker;
    private final String prefix;
    private final String instance;
    private final long ttlMillis;
    private final MemberCounts members = new MemberCounts();

    RedisPresence(RedisWorker worker, String prefix, String instance, Duration ttl) {
        this.worker = worker;
        this.prefix = prefix;
        this.instance = instance;
        this.ttlMillis = ttl.toMillis();
    }

    private byte[] key(String topic) {
        return (prefix + topic).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] entry(String member) {
        return (instance + '|' + member).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void join(String topic, String member) {
        if (members.join(topic, member)) {
            worker.submit(op(c -> add(c, topic, member)));
        }
    }

    @Override
    public void leave(String topic, String member) {
        if (members.leave(topic, member)) {
            worker.submit(op(c -> c.zSetCommands().zRem(key(topic), entry(member))));
        }
    }

    private void add(RedisConnection c, String topic, String member) {
        byte[] key = key(topic);
        c.zSetCommands().zAdd(key, System.currentTimeMillis() + ttlMillis, entry(member));
        c.keyCommands().pExpire(key, 2 * ttlMillis); // a topic everyone left, on instances that all died, goes too
    }

    @Override
    public CompletableFuture<List<String>> members(String topic) {
        CompletableFuture<List<String>> answer = new CompletableFuture<>();
        worker.submit(new RedisWorker.Op() {
            @Override
            public void run(RedisConnection c) {
                byte[] key = key(topic);
                double now = System.currentTimeMillis();
                c.zSetCommands().zRemRangeByScore(key, Double.NEGATIVE_INFINITY, now);
                TreeSet<String> names = new TreeSet<>();
                for (byte[] e : c.zSetCommands().zRangeByScore(key, now, Double.POSITIVE_INFINITY)) {
                    String s = new String(e, StandardCharsets.UTF_8);
                    names.add(s.substring(s.indexOf('|') + 1));
                }
                answer.complete(List.copyOf(names));
            }

            @Override
            public void failed() {
                answer.complete(members.members(topic)); // Redis is down: what this instance knows
            }
        });
        return answer;
    }

    /** Every third of the ttl, and when Redis is back: this instance's entries, refreshed in one pipeline. */
    void refresh(RedisConnection c) {
        c.openPipeline();
        try {
            members.forEach((topic, member) -> add(c, topic, member));
        } finally {
            c.closePipeline();
        }
    }

    private static RedisWorker.Op op(java.util.function.Consumer<RedisConnection> work) {
        return new RedisWorker.Op() {
            @Override
            public void run(RedisConnection c) {
                work.accept(c);
            }

            @Override
            public void failed() {
                // re-added by the refresh once Redis is back; a leave lost meanwhile expires with the ttl
            }
        };
    }
}
