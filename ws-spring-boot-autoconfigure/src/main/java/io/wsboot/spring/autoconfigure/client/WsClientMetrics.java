package io.wsboot.spring.autoconfigure.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.wsboot.client.ClientObserver;
import io.wsboot.frame.OpCode;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Micrometer meters of the clients made by {@link WsClientFactory} ({@code ws.client.*}), tagged
 * with the server ({@code target}: host:port, never the full URI) and, for messages, the type.
 * A connection resolves its target's meters once; a message then costs two adder increments.
 */
public class WsClientMetrics implements MeterBinder, ClientObserver {
    private static final OpCode[] TYPES = {OpCode.TEXT, OpCode.BINARY, OpCode.PING, OpCode.PONG, OpCode.CLOSE};
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ConnectionObserver connection(String target) {
        MeterRegistry r = registry;
        return r == null ? ConnectionObserver.NOOP : targets.computeIfAbsent(target, t -> new Target(r, t)).observer;
    }

    /** The meters of one server. */
    private static final class Target {
        final AtomicInteger active = new AtomicInteger();
        final LongAdder[] received = adders();
        final LongAdder[] receivedBytes = adders();
        final LongAdder[] sent = adders();
        final LongAdder[] sentBytes = adders();
        final Counter opened;
        final Timer handshake;
        final Map<Integer, Counter> failed = new ConcurrentHashMap<>();
        final Map<String, Counter> closed = new ConcurrentHashMap<>();
        final ConnectionObserver observer;

        Target(MeterRegistry r, String target) {
            Tags tags = Tags.of("target", target);
            Gauge.builder("ws.client.connections.active", active, AtomicInteger::get)
                    .description("Open WebSocket client connections").tags(tags).register(r);
            opened = Counter.builder("ws.client.connections.opened").description("Client handshakes accepted by the server")
                    .tags(tags).register(r);
            handshake = Timer.builder("ws.client.handshake.duration").description("Time from sending the handshake to its 101 answer")
                    .tags(tags).register(r);
            for (int i = 0; i < TYPES.length; i++) {
                Tags t = tags.and("type", TYPES[i].name().toLowerCase(Locale.ROOT));
                FunctionCounter.builder("ws.client.messages.received", received[i], LongAdder::sum)
                        .description("Messages and control frames received by clients").tags(t).register(r);
                FunctionCounter.builder("ws.client.data.received", receivedBytes[i], LongAdder::sum).baseUnit("bytes")
                        .description("Payload bytes received by clients").tags(t).register(r);
                FunctionCounter.builder("ws.client.messages.sent", sent[i], LongAdder::sum)
                        .description("Messages and control frames sent by clients").tags(t).register(r);
                FunctionCounter.builder("ws.client.data.sent", sentBytes[i], LongAdder::sum).baseUnit("bytes")
                        .description("Payload bytes sent by clients").tags(t).register(r);
            }
            observer = new ConnectionObserver() {
                @Override
                public void opened(long nanos) {
                    active.incrementAndGet();
                    opened.increment();
                    handshake.record(nanos, TimeUnit.NANOSECONDS);
                }

                @Override
                public void handshakeFailed(int status) {
                    failed.computeIfAbsent(status, s -> Counter.builder("ws.client.handshakes.failed")
                            .description("Client handshakes that failed (status 0: no answer, or a bad one)")
                            .tags(tags.and("status", Integer.toString(s))).register(r)).increment();
                }

                @Override
                public void closed(int code) {
                    active.decrementAndGet();
                    closed.computeIfAbsent(io.wsboot.spring.autoconfigure.metrics.CloseCodeTag.of(code), c -> Counter.builder("ws.client.connections.closed")
                            .description("Client connections ended, by close code (3xxx, 4xxx: the application ranges)").tags(tags.and("code", c))
                            .register(r)).increment();
                }

                @Override
                public void received(OpCode type, int bytes) {
                    int i = type.slot();
                    received[i].increment();
                    receivedBytes[i].add(bytes);
                }

                @Override
                public void sent(OpCode type, int bytes) {
                    int i = type.slot();
                    sent[i].increment();
                    sentBytes[i].add(bytes);
                }
            };
        }

        private static LongAdder[] adders() {
            LongAdder[] a = new LongAdder[TYPES.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = new LongAdder();
            }
            return a;
        }

    }
}
