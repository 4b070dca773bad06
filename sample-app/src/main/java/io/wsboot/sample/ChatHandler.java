package io.wsboot.sample;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.PreFramed;
import io.wsboot.Topics;
import io.wsboot.frame.OpCode;
import io.wsboot.spring.Presence;
import io.wsboot.spring.WsHandler;

import java.util.regex.Pattern;

/**
 * A chat: {@code ws://host:9223/chat?name=ann&room=lobby}. Every text message goes to every
 * member of the room as {@code "ann: text"}; joins and leaves are announced as
 * {@code "* ann joined"}; a binary message is echoed to its sender only.
 *
 * <p>A room is the topic {@code chat:<room>} and its "here:" list the topic's {@link Presence}:
 * with {@code ws.broker=redis} several instances share rooms and lists, with nothing here that
 * knows it. {@code init} refuses a connection without a valid name (403, with the reason); each
 * connection keeps its {@link Member} in its attachment.
 */
@WsHandler("/chat")
public class ChatHandler implements Handler {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} _.-]{1,32}");
    private final Topics topics;
    private final Presence presence;

    /** Who a connection is, and the topic of its room. */
    public record Member(String name, String room) {
        String topic() {
            return "chat:" + room;
        }
    }

    public ChatHandler(Topics topics, Presence presence) {
        this.topics = topics;
        this.presence = presence;
    }

    @Override
    public void init(Handshake handshake, Conn conn) {
        String name = handshake.queryParam("name");
        if (name == null || name.isBlank()) {
            throw HandshakeRejection.forbidden("a name is required: /chat?name=you");
        }
        name = name.trim();
        if (!NAME.matcher(name).matches()) {
            throw HandshakeRejection.forbidden("a name is 1-32 letters, digits, spaces, '_', '.' or '-'");
        }
        String room = handshake.queryParam("room");
        room = room == null || room.isBlank() ? "lobby" : room.trim();
        if (!NAME.matcher(room).matches()) {
            throw HandshakeRejection.badRequest("a room name is 1-32 letters, digits, spaces, '_', '.' or '-'");
        }
        conn.attach(new Member(name, room));
    }

    @Override
    public void afterInit(Conn conn) {
        Member me = conn.attachment();
        conn.subscribe(me.topic());
        presence.join(me.topic(), me.name());
        // the list is asked after the join, so it has this member; the welcome goes before the announcement
        presence.members(me.topic()).thenAccept(here -> {
            conn.write("* welcome to " + me.room() + ", " + me.name() + "; here: " + String.join(", ", here));
            topics.publish(me.topic(), "* " + me.name() + " joined");
        });
    }

    @Override
    public void handle(Conn conn, Message message) {
        Member me = conn.attachment();
        if (message.type() == OpCode.BINARY) {
            conn.writeBin(message.data()); // binary: echoed to the sender only
            return;
        }
        topics.publish(me.topic(), PreFramed.text(me.name() + ": " + message.text()));
    }

    @Override
    public void close(Conn conn) {
        Member me = conn.attachment();
        presence.leave(me.topic(), me.name());
        topics.publish(me.topic(), "* " + me.name() + " left");
    }
}
