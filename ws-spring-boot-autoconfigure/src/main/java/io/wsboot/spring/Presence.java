package io.wsboot.spring;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Who is in a topic, across every instance of the application (a chat room's "here:" list).
 * A member joins and leaves by name; the same name joined twice on one instance (two tabs) stays
 * until it has left twice. With {@code ws.broker=redis} the members of every instance are listed,
 * and those of an instance that died disappear once their entries expire
 * ({@code ws.redis.presence-ttl}); with {@code ws.broker=local}, this instance's.
 *
 * <p>Every method returns at once (any thread, the event loops included): the work is queued, in
 * the order asked, with the instance's publishes, so a member who joined and then published is
 * listed by a {@link #members} asked after both.
 */
public interface Presence {
    void join(String topic, String member);

    void leave(String topic, String member);

    /** The members of {@code topic}, each once, sorted. */
    CompletableFuture<List<String>> members(String topic);
}
