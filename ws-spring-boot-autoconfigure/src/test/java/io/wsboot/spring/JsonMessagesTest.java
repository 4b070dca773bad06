package io.wsboot.spring;

import io.wsboot.spring.app.JsonRoomHandler;
import io.wsboot.spring.app.TestApplication;
import io.wsboot.spring.json.WsJson;
import io.wsboot.spring.test.AutoConfigureWs;
import io.wsboot.spring.test.WsTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Typed JSON handlers on real sockets: decoded with Boot's mapper, published encoded once, bad input closed with 1007. */
@SpringBootTest(classes = TestApplication.class, properties = {"ws.port=0", "ws.address=127.0.0.1"})
@AutoConfigureWs
class JsonMessagesTest {
    @Autowired
    WsTestClient client;

    @Autowired
    WsJson json;

    @Test
    void aRoomHearsWhatIsSaidInItEncodedOnce() {
        try (var a1 = client.connect("/json/rooms/a"); var a2 = client.connect("/json/rooms/a"); var b = client.connect("/json/rooms/b")) {
            int before = JsonRoomHandler.ENCODED.get();
            a1.send("{\"text\":\"h\u00e9llo\",\"times\":1}");
            assertThat(a1.receiveText()).isEqualTo("{\"room\":\"a\",\"text\":\"h\u00e9llo\"}");
            assertThat(a2.receiveText()).isEqualTo("{\"room\":\"a\",\"text\":\"h\u00e9llo\"}");
            assertThat(JsonRoomHandler.ENCODED.get() - before).isEqualTo(1);
            b.send("{\"text\":\"only b\"}");
            assertThat(b.receiveText()).isEqualTo("{\"room\":\"b\",\"text\":\"only b\"}");
        }
    }

    @Test
    void badJsonIsClosedWith1007AndTheReason() {
        assertClosed("{\"text\":", 1007, "invalid JSON: ");
        assertClosed("not json", 1007, "invalid JSON: ");
        assertClosed("{\"text\":\"x\",\"times\":\"many\"}", 1007, "wrong shape: ");
        assertClosed("[1,2]", 1007, "wrong shape: ");
        assertClosed("null", 1007, "wrong shape: null is not a Say");
        // hostile: nesting far past Jackson's limit (in a property the type does not have, so it is
        // skipped, not bound) is refused by the parser's constraints, not by a stack overflow
        assertClosed("{\"other\":" + "[".repeat(5000), 1007, "invalid JSON: ");
    }

    void assertClosed(String payload, int code, String reasonStart) {
        try (var s = client.connect("/json/rooms/strict")) {
            s.send(payload);
            var close = s.awaitClose();
            assertThat(close.closeCode()).as(payload).isEqualTo(code);
            assertThat(close.closeReason()).as(payload).startsWith(reasonStart);
        }
    }

    @Test
    void binaryIsClosedWith1003() {
        try (var s = client.connect("/json/rooms/strict")) {
            s.send(new byte[] {'{', '}'});
            assertThat(s.awaitClose().closeCode()).isEqualTo(1003);
        }
    }

    @Test
    void aHandlerThatAsksSeesTheErrorAndGoesOn() {
        try (var s = client.connect("/json/rooms/lenient")) {
            s.send("{oops");
            assertThat(s.receiveText()).startsWith("{\"error\":\"invalid JSON: ");
            s.send("{\"text\":\"still here\"}");
            assertThat(s.receiveText()).isEqualTo("{\"room\":\"lenient\",\"text\":\"still here\"}");
        }
    }

    @Test
    void wsJsonUsesTheApplicationsMapper() {
        assertThat(new String(json.encode(new JsonRoomHandler.Error("x")))).isEqualTo("{\"error\":\"x\"}");
        assertThat(json.frame(new JsonRoomHandler.Error("x")).payloadLength()).isEqualTo(13);
    }
}
