package io.wsboot.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.wsboot.spring.app.EchoHandler;
import io.wsboot.spring.app.HandleCounter;
import io.wsboot.spring.app.TestApplication;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import io.wsboot.spring.test.AutoConfigureWs;
import io.wsboot.spring.test.WsTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The starter in a real application: two handlers on two paths, real sockets, Micrometer meters. */
@SpringBootTest(classes = TestApplication.class, properties = {"ws.port=0", "ws.address=127.0.0.1"})
@AutoConfigureWs
class WsSpringBootTest {

    @Autowired
    WsTestClient client;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EchoHandler echo;

    @Autowired
    HandleCounter counter;

    @Autowired
    WsServerLifecycle server;

    @LocalWsPort
    int port;

    private double sizeStatistic(io.micrometer.core.instrument.Statistic statistic) {
        for (var m : meters.get("ws.server.message.size").tag("path", "/echo").meter().measure()) {
            if (m.getStatistic() == statistic) {
                return m.getValue();
            }
        }
        throw new AssertionError("no " + statistic);
    }

    /** Counter values when the test began: other tests of this class share the context. */
    private final java.util.Map<String, Double> before = new java.util.HashMap<>();

    private double count(String name, String... tags) {
        var c = meters.find(name).tags(tags).counter();
        if (c != null) {
            return c.count();
        }
        var f = meters.find(name).tags(tags).functionCounter();
        return f == null ? 0 : f.count();
    }

    private double delta(String name, String... tags) {
        return count(name, tags) - before.getOrDefault(name + java.util.Arrays.toString(tags), 0.0);
    }

    private void snapshot(String name, String... tags) {
        before.put(name + java.util.Arrays.toString(tags), count(name, tags));
    }

    @Test
    void aTemplatedPathServesEveryRoomUnderOneTag() {
        snapshot("ws.server.messages.received", "path", "/rooms/{room}", "type", "text");
        for (String room : new String[] {"kitchen", "hall"}) {
            try (WsTestClient.Session s = client.connect("/rooms/" + room)) {
                s.send("hi");
                assertThat(s.receiveText()).isEqualTo(room + ": hi");
            }
        }
        assertThat(delta("ws.server.messages.received", "path", "/rooms/{room}", "type", "text")).isEqualTo(2);
        assertThat(meters.find("ws.server.messages.received").tag("path", "/rooms/kitchen").meters()).isEmpty();
    }

    @Test
    void servesBothPathsAndCountsEverything() {
        assertThat(port).isEqualTo(server.getPort()).isPositive();
        int closesBefore = echo.closeCodes().size();
        double sizeCountBefore = sizeStatistic(io.micrometer.core.instrument.Statistic.COUNT);
        double sizeTotalBefore = sizeStatistic(io.micrometer.core.instrument.Statistic.TOTAL);
        long handshakesBefore = meters.find("ws.server.handshake.duration").tag("path", "/echo").timers().stream()
                .mapToLong(x -> x.count()).sum();
        snapshot("ws.server.connections.opened", "path", "/echo");
        snapshot("ws.server.connections.opened", "path", "/greet");
        snapshot("ws.server.connections.closed", "path", "/echo", "code", "1000");
        snapshot("ws.server.connections.closed", "path", "/greet", "code", "1001");
        snapshot("ws.server.messages.received", "path", "/echo", "type", "text");
        snapshot("ws.server.messages.received", "path", "/echo", "type", "binary");
        snapshot("ws.server.messages.sent", "path", "/echo", "type", "text");
        snapshot("ws.server.messages.sent", "path", "/echo", "type", "binary");
        snapshot("ws.server.data.received", "path", "/echo", "type", "text");
        snapshot("ws.server.data.sent", "path", "/echo", "type", "binary");
        snapshot("ws.server.messages.received", "path", "/echo", "type", "close");
        snapshot("ws.server.messages.sent", "path", "/echo", "type", "close");
        snapshot("ws.server.messages.received", "path", "/greet", "type", "text");
        snapshot("ws.server.messages.sent", "path", "/greet", "type", "text");
        snapshot("ws.server.data.sent", "path", "/greet", "type", "text");
        snapshot("ws.server.handshakes.rejected", "path", "/greet", "reason", "rejected_by_handler", "status", "403");
        snapshot("ws.server.handshakes.rejected", "path", "none", "reason", "no_handler", "status", "404");
        try (WsTestClient.Session s = client.connect("/echo")) {
            s.send("hello");
            assertThat(s.receiveText()).isEqualTo("hello");
            s.send(new byte[] {1, 2, 3});
            assertThat(s.receiveBinary()).containsExactly(1, 2, 3);
        }
        WsTestClient.Session g = client.connect("/greet?name=ann");
        assertThat(g.receiveText()).isEqualTo("hello ann");
        g.send("x");
        assertThat(g.receiveText()).isEqualTo("ann: x");
        g.close(1001, "leaving");
        assertThat(g.awaitClose().closeCode()).isEqualTo(1001);

        assertThatThrownBy(() -> client.connect("/greet")).isInstanceOfSatisfying(WsTestClient.HandshakeRejectedException.class,
                e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> client.connect("/nowhere")).isInstanceOfSatisfying(WsTestClient.HandshakeRejectedException.class,
                e -> assertThat(e.status()).isEqualTo(404));

        await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("ws.server.connections.active").tag("path", "/greet").gauge().value() == 0
                && meters.get("ws.server.connections.active").tag("path", "/echo").gauge().value() == 0);

        assertThat(delta("ws.server.connections.opened", "path", "/echo")).isEqualTo(1);
        assertThat(delta("ws.server.connections.opened", "path", "/greet")).isEqualTo(1);
        assertThat(delta("ws.server.connections.closed", "path", "/echo", "code", "1000")).isEqualTo(1);
        assertThat(delta("ws.server.connections.closed", "path", "/greet", "code", "1001")).isEqualTo(1);

        assertThat(delta("ws.server.messages.received", "path", "/echo", "type", "text")).isEqualTo(1);
        assertThat(delta("ws.server.messages.received", "path", "/echo", "type", "binary")).isEqualTo(1);
        assertThat(delta("ws.server.messages.sent", "path", "/echo", "type", "text")).isEqualTo(1);
        assertThat(delta("ws.server.messages.sent", "path", "/echo", "type", "binary")).isEqualTo(1);
        assertThat(delta("ws.server.data.received", "path", "/echo", "type", "text")).isEqualTo(5);
        assertThat(delta("ws.server.data.sent", "path", "/echo", "type", "binary")).isEqualTo(3);
        assertThat(delta("ws.server.messages.received", "path", "/echo", "type", "close")).isEqualTo(1);
        assertThat(delta("ws.server.messages.sent", "path", "/echo", "type", "close")).isEqualTo(1);

        assertThat(delta("ws.server.messages.received", "path", "/greet", "type", "text")).isEqualTo(1);
        assertThat(delta("ws.server.messages.sent", "path", "/greet", "type", "text")).isEqualTo(2);
        assertThat(delta("ws.server.data.sent", "path", "/greet", "type", "text")).isEqualTo("hello ann".length() + "ann: x".length());

        assertThat(delta("ws.server.handshakes.rejected", "path", "/greet", "reason", "rejected_by_handler", "status", "403")).isEqualTo(1);
        assertThat(delta("ws.server.handshakes.rejected", "path", "none", "reason", "no_handler", "status", "404")).isEqualTo(1);

        assertThat(sizeStatistic(io.micrometer.core.instrument.Statistic.COUNT) - sizeCountBefore).isEqualTo(2);
        assertThat(sizeStatistic(io.micrometer.core.instrument.Statistic.TOTAL) - sizeTotalBefore).isEqualTo(8);
        assertThat(sizeStatistic(io.micrometer.core.instrument.Statistic.MAX)).isGreaterThanOrEqualTo(5);
        assertThat(meters.get("ws.server.handshake.duration").tag("path", "/echo").timer().count() - handshakesBefore).isEqualTo(1);

        assertThat(echo.closeCodes().subList(closesBefore, echo.closeCodes().size())).containsExactly(1000);
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("ws.server.buffers.borrowed").tag("pool", "chunks").gauge().value() == 0);
        assertThat(meters.get("ws.server.buffers.borrowed").tag("pool", "assembly").gauge().value()).isZero();
        assertThat(meters.get("ws.server.handshakes.active").gauge().value()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("ws.server.memory.buffered").gauge().value() == 0);
        assertThat(meters.get("ws.server.memory.limit").gauge().value()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
        assertThat(meters.get("ws.server.loops.dead").gauge().value()).isZero();
    }

    @Autowired
    io.wsboot.spring.autoconfigure.client.WsClientFactory clients;

    @Test
    void theClientFactoryConnectsAndIsMetered() throws Exception {
        String target = "127.0.0.1:" + port;
        snapshot("ws.client.messages.sent", "target", target, "type", "text");
        snapshot("ws.client.messages.received", "target", target, "type", "text");
        snapshot("ws.client.data.sent", "target", target, "type", "text");
        snapshot("ws.client.connections.opened", "target", target);
        io.wsboot.client.WsClient c = clients.connect("ws://127.0.0.1:" + port + "/echo");
        java.util.concurrent.BlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        c.readLoopInNewThread(m -> got.add(m.text()));
        c.writeText("metered");
        assertThat(got.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("metered");
        c.close();
        assertThat(delta("ws.client.messages.sent", "target", target, "type", "text")).isEqualTo(1);
        assertThat(delta("ws.client.messages.received", "target", target, "type", "text")).isEqualTo(1);
        assertThat(delta("ws.client.data.sent", "target", target, "type", "text")).isEqualTo(7);
        assertThat(delta("ws.client.connections.opened", "target", target)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> count("ws.client.connections.closed", "target", target, "code", "1000") >= 1);
    }

    @Test
    void proxiedHandlersAreServedThroughTheirProxy() {
        assertThat(AopUtils.isAopProxy(echo)).isTrue();
        int before = counter.calls.get();
        try (WsTestClient.Session s = client.connect("/echo")) {
            s.send("through the aspect");
            assertThat(s.receiveText()).isEqualTo("through the aspect");
        }
        assertThat(counter.calls.get()).isEqualTo(before + 1);
    }

    @Autowired
    io.wsboot.spring.app.OrderService orders;

    /** The topics are a bean: a service publishes to a topic that a handler's connections follow; meters count it. */
    @Test
    void anInjectedTopicsBeanPublishesToSubscribersAndIsMetered() {
        snapshot("ws.server.topics.publishes");
        snapshot("ws.server.topics.deliveries");
        try (WsTestClient.Session a = client.connect("/orders?id=42"); WsTestClient.Session b = client.connect("/orders?id=42");
             WsTestClient.Session other = client.connect("/orders?id=7")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("ws.server.topics.subscriptions").gauge().value() == 3);
            assertThat(meters.get("ws.server.topics").gauge().value()).isEqualTo(2);
            assertThat(orders.updated(42, "shipped")).isEqualTo(2);
            assertThat(a.receiveText()).isEqualTo("order 42 shipped");
            assertThat(b.receiveText()).isEqualTo("order 42 shipped");
            assertThat(orders.updated(7, "paid")).isEqualTo(1);
            assertThat(other.receiveText()).isEqualTo("order 7 paid");
            assertThat(delta("ws.server.topics.publishes")).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> delta("ws.server.topics.deliveries") == 3);
            assertThat(meters.get("ws.server.topics.drops").functionCounter().count()).isZero();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("ws.server.topics").gauge().value() == 0);
    }
}
