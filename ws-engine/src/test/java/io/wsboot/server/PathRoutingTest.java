package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.PathStats;
import io.wsboot.ServerObserver;
import io.wsboot.frame.OpCode;
import io.wsboot.support.Frames;
import io.wsboot.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Handler paths with templates over real sockets: the request reaches the most specific handler,
 * which sees what the template captured on the handshake and the connection; metrics name the
 * template; the principal init sets stays on the connection; 401 and 403 are counted apart.
 */
class PathRoutingTest {
    final List<String> observed = new CopyOnWriteArrayList<>();
    WsServer server;

    /** Answers each message with what the connection knows of its path and principal. */
    static Handler describing(String name) {
        return new Handler() {
            @Override
            public void init(Handshake handshake, Conn conn) {
                String user = handshake.header("X-User");
                if ("nobody".equals(user)) {
                    throw HandshakeRejection.unauthorized("who are you?");
                }
                if ("mallory".equals(user)) {
                    throw HandshakeRejection.forbidden("not you");
                }
                if (user != null) {
                    Principal p = () -> user;
                    handshake.principal(p);
                }
                conn.attach(handshake.handlerPath() + " " + handshake.pathVariables());
            }

            @Override
            public void handle(Conn conn, Message message) {
                conn.write(name + " " + conn.path() + " " + conn.pathVariables() + " " + conn.<String>attachment()
                        + " " + (conn.principal() == null ? "-" : conn.principal().getName()));
            }
        };
    }

    final ServerObserver observer = new ServerObserver() {
        @Override
        public PathObserver path(String path, PathStats stats) {
            observed.add("path " + path);
            return new PathObserver() {
            };
        }

        @Override
        public void handshakeRejected(String path, RejectReason reason, int status) {
            observed.add("rejected " + path + " " + reason + " " + status);
        }
    };

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    String ask(String path, String... headers) throws Exception {
        try (RawClient c = RawClient.open(server.port(), path, headers)) {
            c.send(Frames.client(OpCode.TEXT, "?"));
            return c.readFrame().text();
        }
    }

    @Test
    void theMostSpecificHandlerServesAndSeesTheVariables() throws Exception {
        server = WsServer.builder().port(0).address("127.0.0.1").observer(observer)
                .handler("/rooms/{room}", describing("room"))
                .handler("/rooms/lobby", describing("lobby"))
                .handler("/rooms/{room}/users/{user:[a-z]+}", describing("user"))
                .handler("/files/{*path}", describing("files"))
                .handler("/**", describing("any"))
                .start();
        assertEquals("lobby /rooms/lobby {} /rooms/lobby {} -", ask("/rooms/lobby"));
        assertEquals("room /rooms/{room} {room=kitchen} /rooms/{room} {room=kitchen} -", ask("/rooms/kitchen"));
        assertEquals("room /rooms/{room} {room=caf\u00e9} /rooms/{room} {room=caf\u00e9} -", ask("/rooms/caf%C3%A9?x=1"));
        assertEquals("user /rooms/{room}/users/{user:[a-z]+} {room=a, user=bob} /rooms/{room}/users/{user:[a-z]+} {room=a, user=bob} -",
                ask("/rooms/a/users/bob"));
        assertEquals("any /** {} /** {} -", ask("/rooms/a/users/BOB"), "the regex refuses: the catch-all serves");
        assertEquals("files /files/{*path} {path=/a/b.txt} /files/{*path} {path=/a/b.txt} -", ask("/files/a/b.txt"));
        assertEquals("any /** {} /** {} -", ask("/rooms/"));
        assertTrue(observed.containsAll(List.of("path /rooms/{room}", "path /rooms/lobby", "path /files/{*path}", "path /**")), observed.toString());
        assertEquals(2, server.stats().get("/rooms/{room}").messagesReceived(OpCode.TEXT), "messages are counted under the template");
        assertEquals(5, server.stats().size());
    }

    @Test
    void aTemplateThatMatchesNothingIsA404() throws Exception {
        server = WsServer.builder().port(0).address("127.0.0.1").observer(observer)
                .handler("/rooms/{room}", describing("room")).start();
        assertEquals(404, RawClient.exchange(server.port(), RawClient.bytes(RawClient.request("/rooms/a/b"))).status());
        assertEquals(404, RawClient.exchange(server.port(), RawClient.bytes(RawClient.request("/rooms"))).status());
        assertTrue(observed.contains("rejected null NO_HANDLER 404"), observed.toString());
    }

    @Test
    void thePrincipalInitSetsStaysOnTheConnection() throws Exception {
        server = WsServer.builder().port(0).address("127.0.0.1").observer(observer)
                .handler("/rooms/{room}", describing("room")).start();
        assertEquals("room /rooms/{room} {room=a} /rooms/{room} {room=a} ann", ask("/rooms/a", "X-User: ann"));
    }

    @Test
    void thePrincipalStaysWhenInitRunsOnTheExecutor() throws Exception {
        server = WsServer.builder().port(0).address("127.0.0.1").observer(observer).offloadHandlers()
                .handler("/rooms/{room}", describing("room")).start();
        assertEquals("room /rooms/{room} {room=b} /rooms/{room} {room=b} bea", ask("/rooms/b", "X-User: bea"));
    }

    @Test
    void unauthenticatedAndForbiddenAreCountedApart() throws Exception {
        server = WsServer.builder().port(0).address("127.0.0.1").observer(observer)
                .handler("/rooms/{room}", describing("room")).start();
        RawClient.HttpAnswer a = RawClient.exchange(server.port(), RawClient.bytes(RawClient.request("/rooms/a", "X-User: nobody")));
        RawClient.HttpAnswer b = RawClient.exchange(server.port(), RawClient.bytes(RawClient.request("/rooms/a", "X-User: mallory")));
        assertEquals(401, a.status());
        assertEquals(403, b.status());
        assertTrue(observed.containsAll(List.of("rejected /rooms/{room} UNAUTHENTICATED 401", "rejected /rooms/{room} FORBIDDEN 403")),
                observed.toString());
    }

    @Test
    void ambiguousOrBadTemplatesFailWhenAdded() {
        Handler h = (c, m) -> { };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WsServer.builder().handler("/rooms/{room}", h).handler("/rooms/{id}", h));
        assertTrue(e.getMessage().contains("/rooms/{room}") && e.getMessage().contains("/rooms/{id}") && e.getMessage().contains("ambiguous"),
                e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> WsServer.builder().handler("/a/**/b", h));
        assertTrue(bad.getMessage().contains("may only come last"), bad.getMessage());
        WsServer.builder().handler("/rooms/{room}", h).handler("/rooms/lobby", h).handler("/rooms/{room}/log", h);
    }
}
