package io.wsboot.spring.autoconfigure.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's members by topic, each with how many times it joined and has not left (two
 * tabs of one user). Reports the first join and the last leave, which are what others see.
 */
final class MemberCounts {
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Integer>> byTopic = new ConcurrentHashMap<>();

    /** True when {@code member} was not in {@code topic} before. */
    boolean join(String topic, String member) {
        boolean[] first = new boolean[1];
        byTopic.compute(topic, (t, members) -> {
            ConcurrentHashMap<String, Integer> m = members != null ? members : new ConcurrentHashMap<>();
            first[0] = m.merge(member, 1, Integer::sum) == 1;
            return m;
        });
        return first[0];
    }

    /** True when {@code member} has now left {@code topic} as often as it joined. */
    boolean leave(String topic, String member) {
        boolean[] last = new boolean[1];
        byTopic.computeIfPresent(topic, (t, m) -> {
            Integer left = m.computeIfPresent(member, (k, n) -> n == 1 ? null : n - 1);
            last[0] = left == null && !m.containsKey(member);
            return m.isEmpty() ? null : m;
        });
        return last[0];
    }

    List<String> members(String topic) {
        Map<String, Integer> m = byTopic.get(topic);
        List<String> names = m == null ? new ArrayList<>() : new ArrayList<>(m.keySet());
        names.sort(null);
        return names;
    }

    /** Every (topic, member) present here. */
    void forEach(java.util.function.BiConsumer<String, String> action) {
        byTopic.forEach((topic, m) -> m.keySet().forEach(member -> action.accept(topic, member)));
    }
}
