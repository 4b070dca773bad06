package io.wsboot.sample;

import io.wsboot.HandshakeRejection;
import io.wsboot.spring.autoconfigure.broker.LocalPresence;
import io.wsboot.testing.TestTopics;
import io.wsboot.testing.WsTesting;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chat handler unit-tested with the engine's test helpers: no socket, no Spring. */
class ChatHandlerTest {
    private final TestTopics topics = new TestTopics();
    private final ChatHandler chat = new ChatHandler(topics, new LocalPresence());

    @Test
    void refusesAConnectionWithoutAName() {
        assertThatThrownBy(() -> WsTesting.open(chat, WsTesting.handshake("/chat")))
                .isInstanceOfSatisfying(HandshakeRejection.class, r -> {
                    assertThat(r.status()).isEqualTo(403);
                    assertThat(r.getMessage()).contains("name is required");
                });
        assertThatThrownBy(() -> WsTesting.open(chat, WsTesting.handshake("/chat?name=%3Cscript%3E")))
                .isInstanceOf(HandshakeRejection.class);
    }

    @Test
    void broadcastsToTheRoomAndAnnouncesJoinsAndLeaves() throws Exception {
        WsTesting.Session ann = WsTesting.open(chat, WsTesting.handshake("/chat?name=ann&room=dev"), topics);
        ann.conn().expectText("* welcome to dev, ann; here: ann").expectText("* ann joined");
        WsTesting.Session bob = WsTesting.open(chat, WsTesting.handshake("/chat?name=bob&room=dev"), topics);
        bob.conn().expectText("* welcome to dev, bob; here: ann, bob").expectText("* bob joined");
        ann.conn().expectText("* bob joined");
        WsTesting.Session eve = WsTesting.open(chat, WsTesting.handshake("/chat?name=eve"), topics); // another room

        ann.receive("hi all");
        ann.conn().expectText("ann: hi all");
        bob.conn().expectText("ann: hi all");
        bob.receive(WsTesting.binaryMessage(new byte[] {9, 8}));
        bob.conn().expectBinary(new byte[] {9, 8}).expectNothing();
        ann.conn().expectNothing();

        bob.close();
        ann.conn().expectText("* bob left").expectNothing();
        eve.conn().expectText("* welcome to lobby, eve; here: eve").expectText("* eve joined").expectNothing();
        assertThat(topics.subscribers("chat:dev")).isEqualTo(1);
        assertThat(topics.published()).extracting(TestTopics.Published::topic).contains("chat:dev", "chat:lobby");
    }
}
