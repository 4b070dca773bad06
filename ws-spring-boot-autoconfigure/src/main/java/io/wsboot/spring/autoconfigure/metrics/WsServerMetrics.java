package io.wsboot.spring.autoconfigure.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.wsboot.ServerObserver;
import io.wsboot.frame.OpCode;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's Micrometer meters ({@code ws.server.*}), fed by the engine through
 * {@link ServerObserver}. Every meter a message touches is created once per handler path and
 * kept in a field: counting a message is a few adder increments, with no lookup and no
 * allocation. Tags are the handler's path pattern (never the request URI, never a connection
 * id), the message type, and for rare events the close code, rejection reason or exception
 * class: all bounded.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><td>ws.server.connections.active</td><td>gauge</td><td>path</td></tr>
 * <tr><td>ws.server.connections.opened</td><td>counter</td><td>path</td></tr>
 * <tr><td>ws.server.connections.closed</td><td>counter</td><td>path, code</td></tr>
 * <tr><td>ws.server.handshakes.rejected</td><td>counter</td><td>path, reason, status</td></tr>
 * <tr><td>ws.server.handshake.duration</td><td>timer</td><td>path</td></tr>
 * <tr><td>ws.server.messages.received / sent</td><td>counter</td><td>path, type</td></tr>
 * <tr><td>ws.server.data.received / sent</td><td>counter (bytes)</td><td>path, type</td></tr>
 * <tr><td>ws.server.message.size</td><td>distribution summary (bytes)</td><td>path</td></tr>
 * <tr><td>ws.server.handler.errors</td><td>counter</td><td>path, exception</td></tr>
 * </table>
 */
public class WsServerMetrics implements MeterBinder, ServerObserver {
    /** Tag value of {@code path} for handshakes refused before reaching a handler path. */
    public static final String NO_PATH = "none";

    private final Map<String, PathMetrics> paths = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        paths.values().forEach(p -> p.bind(registry));
    }

    @Override
    public PathObserver path(String path) {
        return paths.computeIfAbsent(path, p -> {
            PathMetrics m = new PathMetrics(p);
            MeterRegistry r = registry;
            if (r != null) {
                m.bind(r);
            }
            return m;
        });
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
        private static final OpCode[] TYPES = {OpCode.TEXT, OpCode.BINARY, OpCode.PING, OpCode.PONG, OpCode.CLOSE};
        final String path;
        final AtomicInteger active = new AtomicInteger();
        private volatile Meters meters;

        PathMetrics(String path) {
            this.path = path;
        }

        void bind(MeterRegistry r) {
            meters = new Meters(r, path, active);
        }

        @Override
        public void opened(long handshakeNanos) {
            active.incrementAndGet();
            Meters m = meters;
            if (m != null) {
                m.opened.increment();
                m.handshake.record(handshakeNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void closed(int code) {
            active.decrementAndGet();
            Meters m = meters;
            if (m != null) {
                m.closed.computeIfAbsent(code, c -> Counter.builder("ws.server.connections.closed")
                        .description("WebSocket connections ended, by close code (1006: ended without a close frame)")
                        .tags("path", path, "code", Integer.toString(c)).register(m.registry)).increment();
            }
        }

        @Override
        public void received(OpCode type, int bytes) {
            Meters m = meters;
            if (m != null) {
                int i = index(type);
                m.received[i].increment();
                m.receivedBytes[i].increment(bytes);
                if (i < 2) {
                    m.size.record(bytes);
                }
            }
        }

        @Override
        public void sent(OpCode type, int bytes) {
            Meters m = meters;
            if (m != null) {
                int i = index(type);
                m.sent[i].increment();
                m.sentBytes[i].increment(bytes);
            }
        }

        @Override
        public void handlerError(Throwable error) {
            Meters m = meters;
            if (m != null) {
                m.errors.computeIfAbsent(error.getClass().getName(), e -> Counter.builder("ws.server.handler.errors")
                        .description("Exceptions thrown by WebSocket handler methods")
                        .tags("path", path, "exception", error.getClass().getSimpleName()).register(m.registry)).increment();
            }
        }

        private static int index(OpCode type) {
            return switch (type) {
                case TEXT -> 0;
                case BINARY -> 1;
                case PING -> 2;
                case PONG -> 3;
                default -> 4;
            };
        }

        /** Meters registered in one registry, resolved once. */
        private static final class Meters {
            final MeterRegistry registry;
            final Counter opened;
            final Timer handshake;
            final Counter[] received = new Counter[TYPES.length];
            final Counter[] receivedBytes = new Counter[TYPES.length];
            final Counter[] sent = new Counter[TYPES.length];
            final Counter[] sentBytes = new Counter[TYPES.length];
            final DistributionSummary size;
            final Map<Integer, Counter> closed = new ConcurrentHashMap<>();
            final Map<String, Counter> errors = new ConcurrentHashMap<>();

            Meters(MeterRegistry r, String path, AtomicInteger active) {
                registry = r;
                Tags tags = Tags.of("path", path);
                Gauge.builder("ws.server.connections.active", active, AtomicInteger::get)
                        .description("Open WebSocket connections").tags(tags).register(r);
                opened = Counter.builder("ws.server.connections.opened")
                        .description("WebSocket connections opened (handshake accepted)").tags(tags).register(r);
                handshake = Timer.builder("ws.server.handshake.duration")
                        .description("Time from accepting the TCP connection to sending the 101 answer").tags(tags).register(r);
                size = DistributionSummary.builder("ws.server.message.size").baseUnit("bytes")
                        .description("Size of text and binary messages received").tags(tags).register(r);
                for (int i = 0; i < TYPES.length; i++) {
                    Tags t = tags.and("type", TYPES[i].name().toLowerCase(Locale.ROOT));
                    received[i] = Counter.builder("ws.server.messages.received")
                            .description("Messages and control frames received").tags(t).register(r);
                    receivedBytes[i] = Counter.builder("ws.server.data.received").baseUnit("bytes")
                            .description("Payload bytes received").tags(t).register(r);
                    sent[i] = Counter.builder("ws.server.messages.sent")
                            .description("Messages and control frames sent").tags(t).register(r);
                    sentBytes[i] = Counter.builder("ws.server.data.sent").baseUnit("bytes")
                            .description("Payload bytes sent").tags(t).register(r);
                }
            }
        }
    }
}
