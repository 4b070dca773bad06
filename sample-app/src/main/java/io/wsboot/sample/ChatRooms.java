package io.wsboot.sample;

import io.wsboot.Conn;
import io.wsboot.PreFramed;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat rooms. A room is looked up once, when a member joins; after that the member holds its
 * room, so a message costs no lookup: it is framed once and written to every member.
 */
@Component
public class ChatRooms {
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    /** One room and its members. */
    public static final class Room {
        private final String name;
        private final Set<Conn> members = ConcurrentHashMap.newKeySet();

        Room(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** Frames {@code text} once and sends the same bytes to every member. */
        public void broadcast(String text) {
            PreFramed frame = PreFramed.text(text);
            for (Conn member : members) {
                member.writeFramed(frame); // false for one that just left: nothing to do
            }
        }

        public List<String> memberNames() {
            return members.stream().map(c -> c.<ChatHandler.Member>attachment().name()).sorted().toList();
        }

        public int size() {
            return members.size();
        }
    }

    /** Adds {@code conn} to room {@code name}, creating the room if needed. */
    public Room join(String name, Conn conn) {
        return rooms.compute(name, (k, room) -> {
            Room r = room == null ? new Room(k) : room;
            r.members.add(conn);
            return r;
        });
    }

    /** Removes {@code conn} from {@code room}; an empty room goes away. */
    public void leave(Room room, Conn conn) {
        rooms.computeIfPresent(room.name, (k, r) -> {
            r.members.remove(conn);
            return r.members.isEmpty() ? null : r;
        });
    }

    /** Room names and their member counts. */
    public Map<String, Integer> sizes() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        rooms.forEach((k, r) -> m.put(k, r.size()));
        return m;
    }
}
