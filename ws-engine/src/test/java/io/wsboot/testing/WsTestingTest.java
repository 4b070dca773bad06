package io.wsboot.testing;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.PreFramed;
import io.wsboot.frame.OpCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's testing example, in Java: a handler tested without sockets. */
class WsTestingTest {
    static final PreFramed UNKNOWN_COMMAND = PreFramed.text("unknown command");

    /** Greets by name, echoes "echo: x", answers anything else with a pre-framed message. */
    static final class CommandHandler implements Handler {
        final List<String> closed = new ArrayList<>();

        @Override
        public void init(io.wsboot.Handshake handshake, Conn conn) {
            String name = handshake.queryParam("name");
            if (name == null) {
                throw HandshakeRejection.unauthorized("name required");
            }
            conn.attach(name);
        }

        @Override
        public void afterInit(Conn conn) {
            conn.write("hello " + conn.<String>attachment());
        }

        @Override
        public void handle(Conn conn, Message message) {
            String text = message.text();
            if (message.type() == OpCode.BINARY) {
                conn.writeBin(message.bytes());
            } else if (text.startsWith("echo: ")) {
                conn.write(text.substring(6));
            } else if (text.equals("quit")) {
                conn.close(4000, "bye");
            } else {
                conn.writeFramed(UNKNOWN_COMMAND);
            }
        }

        @Override
        public void close(Conn conn) {
            closed.add(conn.<String>attachment() + ":" + conn.closeCode());
        }
    }

    @Test
    void drivesAHandlerThroughItsLifecycle() throws Exception {
        CommandHandler h = new CommandHandler();
        WsTesting.Session s = WsTesting.open(h, WsTesting.handshake("/cmd?name=ann"));
        s.conn().expectText("hello ann");
        s.receive("echo: hi").receive("what?").receive(WsTesting.binaryMessage(new byte[] {1, 2}));
        s.conn().expectText("hi").expectText("unknown command").expectBinary(new byte[] {1, 2}).expectNothing();
        s.receive("quit");
        s.conn().expectClose(4000);
        assertFalse(s.conn().isOpen());
        assertFalse(s.conn().write("after close"));
        s.close();
        s.close();
        assertEquals(List.of("ann:4000"), h.closed);
    }

    /** A handler's subscriptions are recorded on the test connection. */
    @Test
    void subscriptionsAreRecorded() throws Exception {
        Handler joiner = (conn, m) -> {
            if (m.text().startsWith("join ")) {
                conn.subscribe(m.text().substring(5));
            } else if (m.text().startsWith("leave ")) {
                conn.unsubscribe(m.text().substring(6));
            }
        };
        WsTesting.Session s = WsTesting.open(joiner, WsTesting.handshake("/rooms"));
        s.receive("join lobby").receive("join games").receive("join lobby").receive("leave games");
        assertEquals(List.of("lobby"), s.conn().subscriptions());
        s.conn().key("ann");
        assertEquals("ann", s.conn().key());
        s.close();
        assertFalse(s.conn().subscribe("late"), "a closed connection joins nothing");
    }

    /** Handlers that publish to topics, tested together without a server. */
    @Test
    void testTopicsDeliverToTheTestConnectionsThatSubscribed() throws Exception {
        TestTopics topics = new TestTopics();
        Handler room = new Handler() {
            @Override
            public void afterInit(Conn conn) {
                conn.subscribe("room");
            }

            @Override
            public void handle(Conn conn, Message m) {
                topics.publish("room", PreFramed.text(m.text()), conn);
            }

            @Override
            public void close(Conn conn) {
                topics.publish("room", "someone left");
            }
        };
        WsTesting.Session ann = WsTesting.open(room, WsTesting.handshake("/room"), topics);
        WsTesting.Session bob = WsTesting.open(room, WsTesting.handshake("/room"), topics);
        ann.receive("hi");
        bob.conn().expectText("hi").expectNothing();
        ann.conn().expectNothing(); // not to its sender
        assertEquals(2, topics.subscribers("room"));
        bob.close();
        ann.conn().expectText("someone left").expectNothing();
        assertEquals(1, topics.subscribers("room"), "a closed connection left its topics before its close callback");
        assertEquals(List.of("room", "room"), topics.published().stream().map(TestTopics.Published::topic).toList());
        assertEquals(2, topics.deliveryCount());
    }

    /** A producer's back-pressure logic, tested against a peer the test says is not reading. */
    @Test
    void backPressureIsSimulated() throws Exception {
        List<io.wsboot.SendStatus> seen = new ArrayList<>();
        Handler producer = (conn, m) -> {
            seen.add(conn.send("tick"));
            if (conn.bufferedAmount() > 100_000) {
                conn.pauseReading(); // a slow peer: stop taking its requests too
            }
        };
        WsTesting.Session s = WsTesting.open(producer, WsTesting.handshake("/p"));
        s.receive("a");
        s.conn().buffered(200_000);
        s.receive("b");
        assertTrue(s.conn().readingPaused());
        s.conn().resumeReading();
        s.conn().buffered(0);
        s.receive("c");
        assertEquals(List.of(io.wsboot.SendStatus.SENT, io.wsboot.SendStatus.BUFFERED, io.wsboot.SendStatus.SENT), seen);
        assertFalse(s.conn().readingPaused());
        s.close();
        assertEquals(io.wsboot.SendStatus.REFUSED, s.conn().send("late"));
    }

    @Test
    void rejectionsReachTheTest() {
        HandshakeRejection r = assertThrows(HandshakeRejection.class, () -> WsTesting.open(new CommandHandler(), WsTesting.handshake("/cmd")));
        assertEquals(401, r.status());
    }

    @Test
    void expectationsFailWithClearMessages() {
        TestConn c = new TestConn();
        c.write("a");
        AssertionError e = assertThrows(AssertionError.class, () -> c.expectText("b"));
        assertEquals("expected text \"b\" but was TEXT \"a\"", e.getMessage());
        e = assertThrows(AssertionError.class, () -> c.expectText("c"));
        assertEquals("expected text \"c\" but nothing (more) was sent", e.getMessage());
    }

    @Test
    void sessionsPerConnectionLikeTheSeed() throws Exception {
        Handler h = Handler.perConnection((hs, conn) -> new Handler.Session() {
            int count;

            @Override
            public void handle(Message m) {
                conn.write(++count + ":" + m.text());
            }
        });
        WsTesting.Session a = WsTesting.open(h, WsTesting.handshake("/"));
        WsTesting.Session b = WsTesting.open(h, WsTesting.handshake("/"));
        a.receive("x").receive("y");
        b.receive("z");
        a.conn().expectText("1:x").expectText("2:y");
        b.conn().expectText("1:z");
    }
}
