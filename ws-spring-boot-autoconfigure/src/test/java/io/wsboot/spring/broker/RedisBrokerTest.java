package io.wsboot.spring.broker;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.Message;
import io.wsboot.PreFramed;
import io.wsboot.Topics;
import io.wsboot.client.ClientConfig;
import io.wsboot.client.WsClient;
import io.wsboot.spring.Presence;
import io.wsboot.spring.WsHandler;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import io.wsboot.spring.autoconfigure.broker.RedisBroker;
import io.wsboot.spring.autoconfigure.broker.RedisTopicRelay;
import io.wsboot.spring.test.LocalRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ws.broker=redis with a real redis-server: two application contexts (two instances) in one
 * test, a client on each, a chat room shared through Redis.
 */
class RedisBrokerTest {
    private static LocalRedisServer redis;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final List<WsClient> clients = new ArrayList<>();
    private final List<Client> everyClient = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = LocalRedisServer.startNew();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        instances.forEach(ConfigurableApplicationContext::close);
    }

    /** A room: "who" answers "here: a,b"; anything else goes to the room as "name: text", but to its sender. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class RoomApp {
        @Bean
        @WsHandler("/room")
        Handler room(Topics topics, Presence presence) {
            return new Handler() {
                @Override
                public void init(Handshake handshake, Conn conn) {
                    conn.attach(handshake.queryParam("name"));
                }

                @Override
                public void afterInit(Conn conn) {
                    conn.subscribe("room");
                    presence.join("room", conn.attachment());
                }

                @Override
                public void handle(Conn conn, Message m) {
                    String text = m.text();
                    if (text.equals("who")) {
                        presence.members("room").thenAccept(names -> conn.write("here: " + String.join(",", names)));
                    } else {
                        topics.publish("room", PreFramed.text(conn.attachment() + ": " + text), conn);
                    }
                }

                @Override
                public void close(Conn conn) {
                    presence.leave("room", conn.attachment());
                }
            };
        }
    }

    private ConfigurableApplicationContext instance() {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(RoomApp.class).run(
                "--ws.port=0", "--ws.address=127.0.0.1", "--ws.broker=redis", "--ws.redis.presence-ttl=1500ms",
                "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port(),
                "--spring.data.redis.timeout=1s", "--spring.main.banner-mode=off", "--server.port=-1");
        instances.add(ctx);
        return ctx;
    }

    private final class Client {
        final WsClient ws;
        final BlockingQueue<String> got = new LinkedBlockingQueue<>();

        Client(ConfigurableApplicationContext ctx, String name) throws Exception {
            int port = ctx.getBean(WsServerLifecycle.class).getPort();
            ws = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/room?name=" + name), ClientConfig.defaults(), Map.of());
            clients.add(ws);
            everyClient.add(this);
            ws.readLoopAsync(msg -> got.add(msg.text()));
        }

        String next() throws InterruptedException {
            return got.poll(5, TimeUnit.SECONDS);
        }

        void say(String text) throws Exception {
            ws.writeText(text);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static RedisTopicRelay relay(ConfigurableApplicationContext ctx) {
        return ctx.getBean(RedisTopicRelay.class);
    }

    /** Waits until both instances listen on the room's channel (a subscription takes a round trip). */
    private static void bothListening(ConfigurableApplicationContext a, ConfigurableApplicationContext b) throws InterruptedException {
        await(() -> relay(a).channelCount() == 1 && relay(b).channelCount() == 1, "both instances subscribed to the room");
    }

    /** Two instances: ann and amy on the first, bob on the second, all in the room, Redis carrying it. */
    private record Room(ConfigurableApplicationContext a, ConfigurableApplicationContext b, Client ann, Client amy, Client bob) {
    }

    private Room room() throws Exception {
        ConfigurableApplicationContext a = instance();
        ConfigurableApplicationContext b = instance();
        Room room = new Room(a, b, new Client(a, "ann"), new Client(a, "amy"), new Client(b, "bob"));
        bothListening(a, b);
        waitUntilDelivered(room.ann(), room.bob());
        return room;
    }

    @Test
    void messagesCrossBothWaysExactlyOnceAndInOrder() throws Exception {
        Room room = room();
        ConfigurableApplicationContext a = room.a();
        ConfigurableApplicationContext b = room.b();
        Client ann = room.ann();
        Client amy = room.amy();
        Client bob = room.bob();
        for (int i = 0; i < 200; i++) {
            ann.say("a" + i);
        }
        for (int i = 0; i < 200; i++) {
            assertThat(amy.next()).isEqualTo("ann: a" + i); // on ann's instance: at once, and not again through Redis
            assertThat(bob.next()).isEqualTo("ann: a" + i); // on the other: through Redis, in order
        }
        for (int i = 0; i < 50; i++) {
            bob.say("b" + i);
        }
        for (int i = 0; i < 50; i++) {
            assertThat(ann.next()).isEqualTo("bob: b" + i);
            assertThat(amy.next()).isEqualTo("bob: b" + i);
        }
        Thread.sleep(300);
        assertThat(amy.got).as("nothing twice").isEmpty();
        assertThat(bob.got).as("not its own").isEmpty();
        assertThat(ann.got).isEmpty();
        assertThat(relay(a).echoCount()).as("its own came back from Redis and were dropped").isGreaterThanOrEqualTo(200);
        assertThat(relay(b).receivedCount()).isGreaterThanOrEqualTo(200);
    }

    /** The first messages after subscribing: sent until one gets across, then drained from every inbox. */
    private void waitUntilDelivered(Client from, Client to) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int i = 0;
        while (true) {
            from.say("probe" + i++);
            String got = to.got.poll(100, TimeUnit.MILLISECONDS);
            if (got != null) {
                break;
            }
            assertThat(System.nanoTime()).as("a message got across within 10 s").isLessThan(deadline);
        }
        Thread.sleep(200);
        for (Client c : everyClient) {
            c.got.clear(); // the probes reached the room's other members too
        }
    }

    @Test
    void redisGoneLocalDeliveryGoesOnAndRemoteResumesWhenItIsBack() throws Exception {
        Room room = room();
        ConfigurableApplicationContext a = room.a();
        Client ann = room.ann();
        Client amy = room.amy();
        Client bob = room.bob();
        amy.got.clear();
        HealthIndicator health = a.getBean("wsRelayHealthIndicator", HealthIndicator.class);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        redis.kill();
        for (int i = 0; i < 20; i++) {
            ann.say("while down " + i);
            assertThat(amy.next()).as("local delivery never stops").isEqualTo("ann: while down " + i);
        }
        await(() -> relay(a).failedCount() > 0 && !relay(a).isUp(), "remote publishes counted as failed");
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        io.micrometer.core.instrument.MeterRegistry meters = a.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        assertThat(meters.get("ws.server.topics.relay.failed").functionCounter().count()).isPositive();
        assertThat(meters.get("ws.server.topics.relay.up").gauge().value()).isZero();
        ann.say("still local");
        assertThat(amy.next()).isEqualTo("ann: still local");

        redis.start();
        long back = System.nanoTime();
        await(() -> relay(a).isUp(), "the relay reconnected by itself");
        amy.got.clear();
        bob.got.clear();
        waitUntilDelivered(ann, bob); // the other instance re-subscribed by itself
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - back);
        assertThat(seconds).as("remote delivery resumed within seconds").isLessThan(10);
        amy.got.clear();
        ann.say("after");
        assertThat(bob.next()).isEqualTo("ann: after");
        assertThat(amy.next()).isEqualTo("ann: after");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void presenceListsEveryInstancesMembersAndForgetsAVanishedInstance() throws Exception {
        ConfigurableApplicationContext a = instance();
        ConfigurableApplicationContext b = instance();
        Client ann = new Client(a, "ann");
        Client bob = new Client(b, "bob");
        Client bea = new Client(b, "bea");
        await(() -> who(ann).equals("here: ann,bea,bob"), "members of both instances");
        assertThat(who(bob)).isEqualTo("here: ann,bea,bob");
        bea.ws.close();
        await(() -> who(ann).equals("here: ann,bob"), "a member that left is gone at once");

        // instance b dies: no leave reaches Redis, its entries are no longer refreshed
        b.getBean(RedisBroker.class).close();
        b.close();
        instances.remove(b);
        assertThat(who(ann)).as("until they expire").contains("bob");
        await(() -> who(ann).equals("here: ann"), "the vanished instance's members expire (ttl 1.5 s)");
    }

    private static String who(Client c) {
        try {
            c.got.clear();
            c.say("who");
            String s;
            do {
                s = c.next();
            } while (s != null && !s.startsWith("here: "));
            return String.valueOf(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
