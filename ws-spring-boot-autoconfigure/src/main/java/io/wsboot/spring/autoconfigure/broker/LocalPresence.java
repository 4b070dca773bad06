package io.wsboot.spring.autoconfigure.broker;

import io.wsboot.spring.Presence;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code ws.broker=local}: the members connected to this instance. */
public final class LocalPresence implements Presence {
    private final MemberCounts members = new MemberCounts();

    @Override
    public void join(String topic, String member) {
        members.join(topic, member);
    }

    @Override
    public void leave(String topic, String member) {
        members.leave(topic, member);
    }

    @Override
    public CompletableFuture<List<String>> members(String topic) {
        return CompletableFuture.completedFuture(members.members(topic));
    }
}
