package io.wsboot.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The RFC 6455 XOR mask, applied eight bytes at a time. Masking and unmasking are the same
 * operation. The key is the four mask bytes read as a big-endian int.
 */
public final class Masking {
    private Masking() {
    }

    /**
     * XORs {@code len} bytes of {@code buf} starting at {@code from} (absolute, position untouched)
     * with the mask, in place. {@code keyOffset} is the index (0-3) in the key of the first byte's
     * mask byte, so a payload split across reads continues where it left off.
     */
    public static void mask(ByteBuffer buf, int from, int len, int key, int keyOffset) {
        int k = Integer.rotateLeft(key, 8 * (keyOffset & 3));
        int i = from;
        int end = from + len;
        if (len >= 8) {
            // the key repeats every 4 bytes, so it repeats every 8 too: one long covers 8 bytes
            int wk = buf.order() == ByteOrder.BIG_ENDIAN ? k : Integer.reverseBytes(k);
            long m = ((long) wk << 32) | (wk & 0xFFFFFFFFL);
            for (int last = end - 8; i <= last; i += 8) {
                buf.putLong(i, buf.getLong(i) ^ m);
            }
        }
        for (; i < end; i++) {
            buf.put(i, (byte) (buf.get(i) ^ (k >>> 24)));
            k = Integer.rotateLeft(k, 8);
        }
    }

    /** Masks {@code src[from, from+len)} into {@code dst} at its absolute index {@code at}. */
    public static void maskInto(byte[] src, int from, int len, ByteBuffer dst, int at, int key) {
        dst.put(at, src, from, len);
        mask(dst, at, len, key, 0);
    }

    /** Mask bytes {@code [0..3]} as the key int used by this class. */
    public static int key(byte[] mask) {
        return ((mask[0] & 0xFF) << 24) | ((mask[1] & 0xFF) << 16) | ((mask[2] & 0xFF) << 8) | (mask[3] & 0xFF);
    }
}
