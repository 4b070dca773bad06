package io.wsboot.codec;

import java.nio.ByteBuffer;

/**
 * Encodes text straight into a frame buffer, so sending a String costs no intermediate byte[].
 * Unpaired surrogates become '?', as {@link String#getBytes} does.
 */
public final class Utf8Encoder {
    private Utf8Encoder() {
    }

    /** The number of bytes {@link #encode} will write for {@code s}. */
    public static int length(CharSequence s) {
        int n = s.length();
        int len = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    len += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    len += 2; // 4 bytes for 2 chars
                    i++;
                } else if (Character.isSurrogate(c)) {
                    // '?': 1 byte, already counted
                } else {
                    len += 2;
                }
            }
        }
        return len;
    }

    /** Writes {@code s} as UTF-8 at absolute index {@code at} of {@code dst}; returns the bytes written. */
    public static int encode(CharSequence s, ByteBuffer dst, int at) {
        int p = at;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst.put(p++, (byte) c);
            } else if (c < 0x800) {
                dst.put(p++, (byte) (0xC0 | (c >> 6)));
                dst.put(p++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst.put(p++, (byte) (0xF0 | (cp >> 18)));
                dst.put(p++, (byte) (0x80 | ((cp >> 12) & 0x3F)));
                dst.put(p++, (byte) (0x80 | ((cp >> 6) & 0x3F)));
                dst.put(p++, (byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                dst.put(p++, (byte) '?');
            } else {
                dst.put(p++, (byte) (0xE0 | (c >> 12)));
                dst.put(p++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                dst.put(p++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return p - at;
    }
}
