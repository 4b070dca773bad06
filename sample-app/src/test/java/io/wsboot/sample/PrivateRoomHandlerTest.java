package io.wsboot.sample;

import io.wsboot.Handler;
import io.wsboot.spring.json.WsJson;
import io.wsboot.testing.TestTopics;
import io.wsboot.testing.WsTesting;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.security.Principal;

/** The private room unit-tested: a JSON handler on a templated path, a principal, no socket and no Spring. */
class PrivateRoomHandlerTest {
    private final TestTopics topics = new TestTopics();
    private final WsJson json = new WsJson(JsonMapper.shared(), topics);
    private final Handler room = json.handler(new PrivateRoomHandler(json));

    WsTesting.Session open(String user, String path) throws Exception {
        Principal p = () -> user;
        return WsTesting.open(room, WsTesting.handshake(path).handlerPath("/private/rooms/{room}").principal(p), topics);
    }

    @Test
    void welcomesByThePrincipalsNameAndSpeaksForIt() throws Exception {
        WsTesting.Session ann = open("ann", "/private/rooms/dev");
        ann.conn().expectText("{\"user\":\"ann\",\"room\":\"dev\"}");
        WsTesting.Session bob = open("bob", "/private/rooms/dev");
        bob.conn().expectText("{\"user\":\"bob\",\"room\":\"dev\"}");
        WsTesting.Session eve = open("eve", "/private/rooms/ops");
        eve.conn().expectText("{\"user\":\"eve\",\"room\":\"ops\"}");

        ann.receive("{\"text\":\"hi\",\"user\":\"mallory\"}"); // a name the client claims is ignored
        ann.conn().expectText("{\"user\":\"ann\",\"text\":\"hi\"}");
        bob.conn().expectText("{\"user\":\"ann\",\"text\":\"hi\"}");
        eve.conn().expectNothing();
    }

    @Test
    void badJsonClosesWith1007() throws Exception {
        WsTesting.Session ann = open("ann", "/private/rooms/dev");
        ann.conn().expectText("{\"user\":\"ann\",\"room\":\"dev\"}");
        ann.receive("{\"text\":");
        ann.conn().expectClose(1007);
    }
}
