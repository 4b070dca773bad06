package io.wsboot;

import io.wsboot.handshake.HttpHeaders;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The first {@code max-headers} request headers of a handshake (seed: {@code handshake.headers}).
 * Names are lower-case, values keep their casing. With {@code max-headers = 0} it is empty.
 */
public final class Headers {
    private final HttpHeaders head;
    private final int size;

    Headers(HttpHeaders head, int maxHeaders) {
        this.head = head;
        this.size = Math.min(Math.max(0, maxHeaders), head.size());
    }

    /** The value of the first captured header with this name (any casing), or null. */
    public String get(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < size; i++) {
            if (head.name(i).equals(n)) {
                return head.value(i);
            }
        }
        return null;
    }

    public int size() {
        return size;
    }

    public String name(int i) {
        check(i);
        return head.name(i);
    }

    public String value(int i) {
        check(i);
        return head.value(i);
    }

    /** Captured headers as a map (first value of each name, in order). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.putIfAbsent(head.name(i), head.value(i));
        }
        return m;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
