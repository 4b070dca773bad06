package io.wsboot.codec;

import java.nio.ByteBuffer;

/**
 * Incremental UTF-8 validation (RFC 3629, Unicode table 3-7: no overlongs, no surrogates,
 * nothing above U+10FFFF). The state is an int carried across chunks, frames and fragments, so
 * a text message fails on the first invalid byte, long before its end. ASCII runs are skipped
 * eight bytes at a time.
 */
public final class Utf8Validator {
    /** Between characters: the only state a complete text may end in. */
    public static final int ACCEPT = 0;
    /** Invalid input seen; sticky. */
    public static final int REJECT = 8;

    // byte classes: 0 ascii, 1 80-8F, 2 90-9F, 3 A0-BF, 4 C2-DF, 5 E0, 6 E1-EC|EE-EF, 7 ED,
    //               8 F0, 9 F1-F3, 10 F4, 11 invalid (C0, C1, F5-FF)
    private static final byte[] CLASS = new byte[256];
    private static final int CLASSES = 12;
    // states: 0 accept, 1-3 need 1-3 continuation bytes, 4 after E0, 5 after ED, 6 after F0,
    //         7 after F4, 8 reject
    private static final byte[] NEXT = new byte[9 * CLASSES];

    static {
        for (int b = 0; b < 256; b++) {
            CLASS[b] = (byte) (b < 0x80 ? 0 : b < 0x90 ? 1 : b < 0xA0 ? 2 : b < 0xC0 ? 3
                    : b < 0xC2 ? 11 : b < 0xE0 ? 4 : b == 0xE0 ? 5 : b == 0xED ? 7 : b < 0xF0 ? 6
                    : b == 0xF0 ? 8 : b < 0xF4 ? 9 : b == 0xF4 ? 10 : 11);
        }
        java.util.Arrays.fill(NEXT, (byte) REJECT);
        set(0, 0, 0);
        set(0, 4, 1);
        set(0, 5, 4);
        set(0, 6, 2);
        set(0, 7, 5);
        set(0, 8, 6);
        set(0, 9, 3);
        set(0, 10, 7);
        for (int c = 1; c <= 3; c++) {
            set(1, c, 0);
            set(2, c, 1);
            set(3, c, 2);
        }
        set(4, 3, 1);
        set(5, 1, 1);
        set(5, 2, 1);
        set(6, 2, 2);
        set(6, 3, 2);
        set(7, 1, 2);
    }

    private static void set(int state, int cls, int next) {
        NEXT[state * CLASSES + cls] = (byte) next;
    }

    private Utf8Validator() {
    }

    /** Feeds one byte. */
    public static int step(int state, int b) {
        return NEXT[state * CLASSES + CLASS[b & 0xFF]];
    }

    /**
     * Feeds {@code buf[from, to)} (absolute indices) and returns the new state; {@link #REJECT}
     * as soon as an invalid byte is seen.
     */
    public static int validate(int state, ByteBuffer buf, int from, int to) {
        int i = from;
        while (i < to) {
            if (state == ACCEPT) {
                // skip ASCII a word at a time
                while (i + 8 <= to && (buf.getLong(i) & 0x8080808080808080L) == 0) {
                    i += 8;
                }
                if (i == to) {
                    break;
                }
            }
            state = NEXT[state * CLASSES + CLASS[buf.get(i++) & 0xFF]];
            if (state == REJECT) {
                return REJECT;
            }
        }
        return state;
    }

    /** Same as {@link #validate(int, ByteBuffer, int, int)} for an array. */
    public static int validate(int state, byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            state = NEXT[state * CLASSES + CLASS[a[i] & 0xFF]];
            if (state == REJECT) {
                return REJECT;
            }
        }
        return state;
    }

    /** Whether {@code buf[from, to)} is complete, valid UTF-8. */
    public static boolean isValid(ByteBuffer buf, int from, int to) {
        return validate(ACCEPT, buf, from, to) == ACCEPT;
    }
}
