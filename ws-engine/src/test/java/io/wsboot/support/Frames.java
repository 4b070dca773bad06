package io.wsboot.support;

import io.wsboot.codec.FrameWriter;
import io.wsboot.codec.Masking;
import io.wsboot.frame.OpCode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Builds raw frames as a client would send them (masked), including broken ones, for tests. */
public final class Frames {
    private static final Random RANDOM = new Random(42);

    private Frames() {
    }

    /** A masked frame with FIN set. */
    public static byte[] client(OpCode op, byte[] payload) {
        return raw(true, 0, op.code(), payload, true, payload.length);
    }

    public static byte[] client(OpCode op, String text) {
        return client(op, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A masked fragment. */
    public static byte[] fragment(boolean fin, OpCode op, byte[] payload) {
        return raw(fin, 0, op.code(), payload, true, payload.length);
    }

    /**
     * Any frame: {@code opcode} may be reserved, {@code rsv} non-zero, {@code declaredLength}
     * different from the payload's (to announce more than is sent).
     */
    public static byte[] raw(boolean fin, int rsv, int opcode, byte[] payload, boolean masked, long declaredLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int m = masked ? 0x80 : 0;
        if (declaredLength < 126) {
            out.write(m | (int) declaredLength);
        } else if (declaredLength <= 0xFFFF) {
            out.write(m | 126);
            out.write((int) (declaredLength >>> 8));
            out.write((int) declaredLength);
        } else {
            out.write(m | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (declaredLength >>> (8 * i)));
            }
        }
        byte[] p = payload.clone();
        if (masked) {
            byte[] key = new byte[4];
            RANDOM.nextBytes(key);
            out.write(key, 0, 4);
            Masking.mask(ByteBuffer.wrap(p), 0, p.length, Masking.key(key), 0);
        }
        out.write(p, 0, p.length);
        return out.toByteArray();
    }

    public static byte[] closePayload(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return p;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Printable ASCII text of {@code n} bytes. */
    public static String text(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + i % 26));
        }
        return sb.toString();
    }

    /** Header size the server writes for a payload of {@code n} bytes. */
    public static int serverHeader(int n) {
        return FrameWriter.headerSize(n, false);
    }
}
