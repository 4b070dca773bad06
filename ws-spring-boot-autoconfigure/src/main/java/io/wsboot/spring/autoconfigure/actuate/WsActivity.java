package io.wsboot.spring.autoconfigure.actuate;

import io.wsboot.PathStats;
import io.wsboot.ServerObserver;
import io.wsboot.frame.OpCode;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per handler path, what the actuator's websocket endpoint shows beside the engine's own
 * counters: open connections, handshakes refused by reason, limits tripped. A server started again
 * in the same context keeps its path's counts and reads the new server's message counters.
 */
public final class WsActivity implements ServerObserver {
    /** Refusals before any path was known (no handler, malformed, too many...). */
    static final String NO_PATH = "none";

    private final Map<String, PathActivity> paths = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> rejected = new ConcurrentHashMap<>();

    /** One path's counts. */
    static final class PathActivity implements PathObserver {
        volatile PathStats stats;
        final AtomicInteger open = new AtomicInteger();
        final Map<Limit, LongAdder> limits = new EnumMap<>(Limit.class);

        PathActivity(PathStats stats) {
            this.stats = stats;
            for (Limit l : Limit.values()) {
                limits.put(l, new LongAdder());
            }
        }

        @Override
        public void opened(long handshakeNanos) {
            open.incrementAndGet();
        }

        @Override
        public void closed(int code) {
            open.decrementAndGet();
        }

        @Override
        public void limitReached(Limit limit) {
            limits.get(limit).increment();
        }
    }

    @Override
    public PathObserver path(String path, PathStats stats) {
        return paths.compute(path, (p, existing) -> {
            if (existing == null) {
                return new PathActivity(stats);
            }
            existing.stats = stats;
            return existing;
        });
    }

    @Override
    public void handshakeRejected(String path, RejectReason reason, int status) {
        rejected.computeIfAbsent(path == null ? NO_PATH : path, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(reason.name().toLowerCase(Locale.ROOT), r -> new LongAdder()).increment();
    }

    /** What one path shows. */
    public record PathView(int connections, long messagesReceived, long messagesSent, Map<String, Long> rejected,
                           Map<String, Long> limits) {
    }

    /** Every path, in the order the server added them, then refusals without a path. */
    public Map<String, PathView> paths() {
        Map<String, PathView> out = new LinkedHashMap<>();
        paths.forEach((path, a) -> {
            long in = 0;
            long sent = 0;
            for (OpCode t : new OpCode[] {OpCode.TEXT, OpCode.BINARY}) {
                in += a.stats.messagesReceived(t);
                sent += a.stats.messagesSent(t);
            }
            Map<String, Long> limits = new LinkedHashMap<>();
            a.limits.forEach((l, n) -> {
                if (n.sum() > 0) {
                    limits.put(l.name().toLowerCase(Locale.ROOT), n.sum());
                }
            });
            out.put(path, new PathView(a.open.get(), in, sent, rejections(path), limits));
        });
        if (rejected.containsKey(NO_PATH)) {
            out.put(NO_PATH, new PathView(0, 0, 0, rejections(NO_PATH), Map.of()));
        }
        return out;
    }

    private Map<String, Long> rejections(String path) {
        Map<String, Long> out = new LinkedHashMap<>();
        rejected.getOrDefault(path, Map.of()).forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }
}
