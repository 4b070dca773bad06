package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.PreFramed;
import io.wsboot.Topics;
import io.wsboot.client.ClientConfig;
import io.wsboot.client.WsClient;
import io.wsboot.support.LocalServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topics over real connections: subscribe, publish from any thread, leave, end with the connection. */
class TopicsTest {
    @RegisterExtension
    final LocalServer server = new LocalServer();

    /** Joins the topic named by the query (?t=...) when it opens; "pub:<text>" publishes to it, but to itself. */
    private final Handler rooms = new Handler() {
        @Override
        public void afterInit(Conn conn) {
            conn.subscribe("room");
        }

        @Override
        public void handle(Conn conn, Message m) {
            String text = m.text();
            if (text.startsWith("pub:")) {
                server.get().topics().publish("room", PreFramed.text(text.substring(4)), conn);
            } else if (text.equals("leave")) {
                conn.write(String.valueOf(conn.unsubscribe("room")));
            } else if (text.equals("again")) {
                conn.write(String.valueOf(conn.subscribe("room")));
            }
        }
    };

    private static final class Member {
        final WsClient client;
        final BlockingQueue<String> got = new LinkedBlockingQueue<>();

        Member(int port) throws Exception {
            client = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/rooms"), ClientConfig.defaults(), Map.of());
            client.readLoopAsync(m -> got.add(m.text()));
        }

        String next() throws InterruptedException {
            return got.poll(5, TimeUnit.SECONDS);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aPublishReachesEverySubscriberOnEveryLoopOnceAndInOrder() throws Exception {
        int port = server.start(WsServer.builder().eventLoops(2).handler("/rooms", rooms));
        Topics topics = server.get().topics();
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            members.add(new Member(port)); // dealt to both loops
        }
        await(() -> topics.subscribers("room") == 6, "six subscribers");
        assertEquals(1, topics.topicCount());
        for (int i = 0; i < 500; i++) {
            assertEquals(6, topics.publish("room", "m" + i));
        }
        for (Member m : members) {
            for (int i = 0; i < 500; i++) {
                assertEquals("m" + i, m.next());
            }
        }
        assertEquals(0, topics.publish("nobody-here", "lost"), "a topic without subscribers takes nothing");
        assertEquals(501, topics.publishCount());
        assertEquals(6, topics.subscriptionCount());
        assertEquals(3000, topics.deliveryCount(), "every message counted once per subscriber");
        assertEquals(0, topics.dropCount());
        for (Member m : members) {
            m.client.close();
        }
        await(() -> topics.subscribers("room") == 0, "subscriptions end with their connections");
        assertEquals(0, topics.topicCount(), "an empty topic is gone");
    }

    @Test
    void aHandlerPublishesToAllButItself() throws Exception {
        int port = server.start(WsServer.builder().handler("/rooms", rooms));
        Member ann = new Member(port);
        Member bob = new Member(port);
        Member cat = new Member(port);
        await(() -> server.get().topics().subscribers("room") == 3, "three subscribers");
        ann.client.writeText("pub:ann: hi");
        assertEquals("ann: hi", bob.next());
        assertEquals("ann: hi", cat.next());
        assertNull(ann.got.poll(200, TimeUnit.MILLISECONDS), "not sent back to its publisher");
        cat.client.writeText("leave");
        assertEquals("true", cat.next());
        cat.client.writeText("leave");
        assertEquals("false", cat.next(), "leaving twice");
        bob.client.writeText("again");
        assertEquals("false", bob.next(), "joining twice");
        ann.client.writeText("pub:after cat left");
        assertEquals("after cat left", bob.next());
        assertNull(cat.got.poll(200, TimeUnit.MILLISECONDS));
        assertEquals(2, server.get().topics().subscribers("room"));
    }

    /** A subscriber that reads nothing is closed as a slow consumer; the publisher and the others go on. */
    @Test
    void aSubscriberThatDoesNotReadIsDroppedNotThePublisherSlowed() throws Exception {
        int port = server.start(WsServer.builder().maxQueuedBytes(256 << 10).handler("/rooms", rooms));
        Topics topics = server.get().topics();
        io.wsboot.support.RawClient deaf = io.wsboot.support.RawClient.open(port, "/rooms"); // never reads
        Member reader = new Member(port);
        await(() -> topics.subscribers("room") == 2, "two subscribers");
        int count = 300;
        long publishNanos = 0;
        String body = "x".repeat(60_000);
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            topics.publish("room", PreFramed.text(i + ":" + body));
            publishNanos += System.nanoTime() - t0;
            String m = reader.next(); // paced by the reader: its queue stays short, the deaf one's grows
            assertTrue(m != null && m.startsWith(i + ":"), "message " + i + " in order");
        }
        await(() -> topics.subscribers("room") == 1, "the deaf subscriber dropped");
        assertTrue(topics.dropCount() >= 1, "the message it could not take counted as dropped");
        long publishMs = publishNanos / 1_000_000;
        assertTrue(publishMs < 1000, "publishing 18 MB took " + publishMs + " ms: the publisher was never held up");
        deaf.close();
    }

    /** Connections filed under the application's key are found by it until they end. */
    @Test
    void connectionsAreFoundByTheirKey() throws Exception {
        int port = server.start(WsServer.builder().handler("/rooms", (conn, m) -> {
            conn.key(m.text());
            conn.write("filed");
        }));
        Topics topics = server.get().topics();
        Member ann1 = new Member(port);
        Member ann2 = new Member(port);
        Member bob = new Member(port);
        ann1.client.writeText("ann");
        ann2.client.writeText("ann");
        bob.client.writeText("bob");
        for (Member m : List.of(ann1, ann2, bob)) {
            assertEquals("filed", m.next());
        }
        assertEquals(2, topics.connections("ann").size());
        assertEquals(1, topics.connections("bob").size());
        assertEquals("bob", topics.connections("bob").get(0).key());
        assertTrue(topics.connections("cat").isEmpty());
        bob.client.writeText("robert"); // a new key replaces the old one
        assertEquals("filed", bob.next());
        assertTrue(topics.connections("bob").isEmpty());
        assertEquals(1, topics.connections("robert").size());
        ann1.client.close();
        await(() -> topics.connections("ann").size() == 1, "a closed connection is no longer found");
        topics.connections("ann").get(0).write("to ann's other tab");
        assertEquals("to ann's other tab", ann2.next());
    }

    @Test
    void aClosedConnectionCannotSubscribe() throws Exception {
        Conn[] seen = new Conn[1];
        int port = server.start(WsServer.builder().handler("/rooms", new Handler() {
            @Override
            public void afterInit(Conn conn) {
                seen[0] = conn;
            }

            @Override
            public void handle(Conn conn, Message m) {
            }
        }));
        Member one = new Member(port);
        await(() -> seen[0] != null, "the connection opened");
        assertTrue(seen[0].subscribe("room"));
        one.client.close();
        await(() -> !seen[0].isOpen() && server.get().topics().subscribers("room") == 0, "closed, and out of the topic");
        assertFalse(seen[0].subscribe("room"));
        assertEquals(0, server.get().topics().subscribers("room"));
    }

    /** What a relay hears: a publish made here (not one another instance made), and topics' local interest. */
    @Test
    void aRelayHearsPublishesMadeHereAndWhenATopicsInterestChanges() throws Exception {
        List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        Topics[] started = new Topics[1];
        io.wsboot.TopicRelay relay = new io.wsboot.TopicRelay() {
            @Override
            public void started(Topics local) {
                started[0] = local;
            }

            @Override
            public void interestChanged(String topic) {
                heard.add("interest " + topic + " " + started[0].subscribers(topic));
            }

            @Override
            public void published(String topic, PreFramed message) {
                heard.add("published " + topic + " " + message.payloadLength());
            }
        };
        int port = server.start(WsServer.builder().topicRelay(relay).handler("/rooms", rooms));
        Topics topics = server.get().topics();
        assertTrue(started[0] == topics, "started with the server's topics");
        Member ann = new Member(port);
        await(() -> heard.contains("interest room 1"), "the first subscriber opens the topic's interest");
        Member bob = new Member(port);
        await(() -> topics.subscribers("room") == 2, "two subscribers");
        topics.publish("room", "hello");
        assertEquals("hello", ann.next());
        assertEquals("hello", bob.next());
        topics.publishLocally("room", PreFramed.text("from elsewhere"));
        assertEquals("from elsewhere", ann.next());
        assertEquals("from elsewhere", bob.next());
        ann.client.close();
        bob.client.close();
        await(() -> heard.contains("interest room 0"), "the last leaving closes it");
        assertEquals(List.of("interest room 1", "published room 5", "interest room 0"), heard,
                "one interest change each way, and only the publish made here");
    }
}
