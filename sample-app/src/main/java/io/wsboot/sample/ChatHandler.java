package io.wsboot.sample;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.frame.OpCode;
import io.wsboot.spring.WsHandler;

import java.util.regex.Pattern;

/**
 * A chat: {@code ws://host:9223/chat?name=ann&room=lobby}. Every text message goes to every
 * member of the room as {@code "ann: text"}; joins and leaves are announced as
 * {@code "* ann joined"}; a binary message is echoed to its sender only.
 *
 * <p>The seed's example made real: {@code init} refuses a connection without a valid name (403,
 * with the reason), each connection keeps its {@link Member} (name and room) in its attachment,
 * and messages are broadcast as pre-framed frames.
 */
@WsHandler("/chat")
public class ChatHandler implements Handler {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} _.-]{1,32}");
    private final ChatRooms rooms;

    /** What a connection carries: who it is and, once joined, its room. */
    public static final class Member {
        private final String name;
        private final String roomName;
        private volatile ChatRooms.Room room;

        Member(String name, String roomName) {
            this.name = name;
            this.roomName = roomName;
        }

        public String name() {
            return name;
        }

        public String roomName() {
            return roomName;
        }

        public ChatRooms.Room room() {
            return room;
        }
    }

    public ChatHandler(ChatRooms rooms) {
        this.rooms = rooms;
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
        ChatRooms.Room room = rooms.join(me.roomName(), conn);
        me.room = room;
        conn.write("* welcome to " + room.name() + ", " + me.name() + "; here: " + String.join(", ", room.memberNames()));
        room.broadcast("* " + me.name() + " joined");
    }

    @Override
    public void handle(Conn conn, Message message) {
        Member me = conn.attachment();
        if (message.type() == OpCode.BINARY) {
            conn.writeBin(message.data()); // binary: echoed to the sender only
            return;
        }
        me.room().broadcast(me.name() + ": " + message.text());
    }

    @Override
    public void close(Conn conn) {
        Member me = conn.attachment();
        ChatRooms.Room room = me.room();
        if (room != null) {
            rooms.leave(room, conn);
            room.broadcast("* " + me.name() + " left");
        }
    }
}
