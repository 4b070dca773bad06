package io.wsboot.spring.autoconfigure.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.wsboot.PathStats;
import io.wsboot.ServerObserver;
import io.wsboot.frame.OpCode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's Micrometer meters ({@code ws.server.*}).
 *
 * <p>Message and byte counts are not pushed per message: the engine counts them itself (plain
 * increments in memory of each event loop, see {@link PathStats}) and the meters here are
 * function counters that read those counts when the registry is scraped. So metrics add nothing
 * measurable to the cost of a message. Rare events (connections opened and closed, rejected
 * handshakes, handler errors) are recorded as they happen.
 *
 * <p>Tags are the handler's path pattern (never the request URI, never a connection id), the
 * message type, and for rare events the close code, rejection reason or exception class: all
 * bounded.
 */
public class WsServerMetrics implements MeterBinder, ServerObserver {
    /** Tag value of {@code path} for handshakes refused before reaching a handler path. */
    public static final String NO_PATH = "none";
    private static final OpCode[] TYPES = {OpCode.TEXT, OpCode.BINARY, OpCode.PING, OpCode.PONG, OpCode.CLOSE};

    private final Map<String, PathMetrics> paths = new ConcurrentHashMap<>();
    private final java.util.function.Supplier<io.wsboot.server.WsServer> server;
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    /** Meters without the server-wide gauges (pools, handshakes in progress). */
    public WsServerMetrics() {
        this(() -> null);
    }

    /** @param server the running server (null while it is not), for the server-wide gauges */
    public WsServerMetrics(java.util.function.Supplier<io.wsboot.server.WsServer> server) {
        this.server = server;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        paths.values().forEach(p -> p.bind(registry));
        for (String pool : List.of("chunks", "assembly", "handshake", "zlib")) {
            Gauge.builder("ws.server.buffers.borrowed", server, s -> {
                        io.wsboot.server.WsServer w = s.get();
                        return w == null ? 0 : w.buffersBorrowed().getOrDefault(pool, 0);
                    })
                    .description("Pooled resources lent to connections right now (0 on a quiet server)").tag("pool", pool).register(registry);
        }
        Gauge.builder("ws.server.handshakes.active", server, s -> s.get() == null ? 0 : s.get().handshakeCount())
                .description("Handshakes in progress").register(registry);
        Gauge.builder("ws.server.memory.buffered", server, s -> s.get() == null ? 0 : s.get().bufferedBytes()).baseUnit("bytes")
                .description("Bytes held in messages being received and output not yet sent, all connections (bounded by ws.max-buffered-bytes)")
                .register(registry);
        Gauge.builder("ws.server.memory.limit", server, s -> s.get() == null ? 0 : s.get().bufferedBytesLimit()).baseUnit("bytes")
                .description("ws.max-buffered-bytes: past it the connections holding the most are closed with 1013").register(registry);
        bindTopics(registry);
        Gauge.builder("ws.server.loops.dead", server, s -> s.get() == null ? 0 : s.get().deadEventLoops().size())
                .description("Event loops that ended while the server runs (0 unless something is badly wrong; health is DOWN)")
                .register(registry);
    }

    /** The topics' meters, read from the engine's counts when scraped (nothing is counted per delivery here). */
    private void bindTopics(MeterRegistry registry) {
        Gauge.builder("ws.server.topics", server, s -> topics(s, t -> t.topicCount()))
                .description("Topics with at least one subscriber on this instance").register(registry);
        Gauge.builder("ws.server.topics.subscriptions", server, s -> topics(s, t -> t.subscriptionCount()))
                .description("Subscriptions to topics on this instance, all topics together").register(registry);
        FunctionCounter.builder("ws.server.topics.publishes", server, s -> topics(s, t -> t.publishCount()))
                .description("Messages published to topics on this instance").register(registry);
        FunctionCounter.builder("ws.server.topics.deliveries", server, s -> topics(s, t -> t.deliveryCount()))
                .description("Published messages queued for a subscriber (one publish to n subscribers counts n)").register(registry);
        FunctionCounter.builder("ws.server.topics.drops", server, s -> topics(s, t -> t.dropCount()))
                .description("Deliveries refused: the subscriber was closing, or over max-queued-bytes (then closed as a slow consumer)")
                .register(registry);
    }

    private static double topics(java.util.function.Supplier<io.wsboot.server.WsServer> server,
                                 java.util.function.ToLongFunction<io.wsboot.Topics> value) {
        io.wsboot.server.WsServer w = server.get();
        return w == null ? 0 : value.applyAsLong(w.topics());
    }

    @Override
    public PathObserver path(String path, PathStats stats) {
        // a server started again (a restarted lifecycle, a test context resumed) has new counters:
        // the meters, registered once, read whichever are current
        PathMetrics existing = paths.get(path);
        if (existing != null) {
            existing.stats = stats;
            return existing;
        }
        PathMetrics m = new PathMetrics(path, stats);
        paths.put(path, m);
        MeterRegistry r = registry;
        if (r != null) {
            m.bind(r);
        }
        return m;
    }

    @Override
    public void handshakeRejected(String path, RejectReason reason, int status) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        String p = path == null ? NO_PATH : path;
        String reasonTag = reason.name().toLowerCase(Locale.ROOT);
        rejections.computeIfAbsent(p + '|' + reasonTag + '|' + status, k -> Counter.builder("ws.server.handshakes.rejected")
                .description("WebSocket handshakes answered with an HTTP error")
                .tags("path", p, "reason", reasonTag, "status", Integer.toString(status))
                .register(r)).increment();
    }

    /** The meters of one handler path. */
    static final class PathMetrics implements PathObserver {
        final String path;
        /** The running server's counters for the path. */
        volatile PathStats stats;
        final AtomicInteger active = new AtomicInteger();
        private volatile Events events;

        PathMetrics(String path, PathStats stats) {
            this.path = path;
            this.stats = stats;
        }

        void bind(MeterRegistry r) {
            Tags tags = Tags.of("path", path);
            Gauge.builder("ws.server.connections.active", active, AtomicInteger::get)
                    .description("Open WebSocket connections").tags(tags).register(r);
            for (OpCode type : TYPES) {
                Tags t = tags.and("type", type.name().toLowerCase(Locale.ROOT));
                FunctionCounter.builder("ws.server.messages.received", this, m -> m.stats.messagesReceived(type))
                        .description("Messages and control frames received").tags(t).register(r);
                FunctionCounter.builder("ws.server.data.received", this, m -> m.stats.bytesReceived(type)).baseUnit("bytes")
                        .description("Payload bytes received").tags(t).register(r);
                FunctionCounter.builder("ws.server.messages.sent", this, m -> m.stats.messagesSent(type))
                        .description("Messages and control frames sent").tags(t).register(r);
                FunctionCounter.builder("ws.server.data.sent", this, m -> m.stats.bytesSent(type)).baseUnit("bytes")
                        .description("Payload bytes sent").tags(t).register(r);
            }
            // a summary read from the engine's counts: count, total and largest of text and binary messages received
            Meter.builder("ws.server.message.size", Meter.Type.DISTRIBUTION_SUMMARY, List.of(
                            new Measurement(() -> stats.messagesReceived(OpCode.TEXT) + stats.messagesReceived(OpCode.BINARY), Statistic.COUNT),
                            new Measurement(() -> stats.bytesReceived(OpCode.TEXT) + stats.bytesReceived(OpCode.BINARY), Statistic.TOTAL),
                            new Measurement(() -> stats.largestMessageReceived(), Statistic.MAX)))
                    .description("Size of text and binary messages received").baseUnit("bytes").tags(tags).register(r);
            events = new Events(r, tags);
        }

        @Override
        public void opened(long handshakeNanos) {
            active.incrementAndGet();
            Events e = events;
            if (e != null) {
                e.opened.increment();
                e.handshake.record(handshakeNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void closed(int code) {
            active.decrementAndGet();
            Events e = events;
            if (e != null) {
                e.closed.computeIfAbsent(CloseCodeTag.of(code), c -> Counter.builder("ws.server.connections.closed")
                        .description("WebSocket connections ended, by close code (1006: ended without a close frame; 3xxx, 4xxx: the application ranges)")
                        .tags("path", path, "code", c).register(e.registry)).increment();
            }
        }

        @Override
        public void limitReached(Limit limit) {
            Events e = events;
            if (e != null) {
                e.limits.computeIfAbsent(limit, l -> Counter.builder("ws.server.limits")
                        .description("Connections ended by a limit: idle_timeout, pong_timeout, slow_consumer, write_timeout, memory_budget, inflate_ratio")
                        .tags("path", path, "limit", l.name().toLowerCase(Locale.ROOT)).register(e.registry)).increment();
            }
        }

        @Override
        public void handlerError(Throwable error) {
            Events e = events;
            if (e != null) {
                e.errors.computeIfAbsent(error.getClass().getName(), n -> Counter.builder("ws.server.handler.errors")
                        .description("Exceptions thrown by WebSocket handler methods")
                        .tags("path", path, "exception", error.getClass().getSimpleName()).register(e.registry)).increment();
            }
        }

        /** Meters of the rare events, in one registry. */
        private static final class Events {
            final MeterRegistry registry;
            final Counter opened;
            final Timer handshake;
            final Map<String, Counter> closed = new ConcurrentHashMap<>();
            final Map<String, Counter> errors = new ConcurrentHashMap<>();
            final Map<Limit, Counter> limits = new ConcurrentHashMap<>();

            Events(MeterRegistry r, Tags tags) {
                registry = r;
                opened = Counter.builder("ws.server.connections.opened")
                        .description("WebSocket connections opened (handshake accepted)").tags(tags).register(r);
                handshake = Timer.builder("ws.server.handshake.duration")
                        .description("Time from accepting the TCP connection to sending the 101 answer").tags(tags).register(r);
            }
        }
    }
}
