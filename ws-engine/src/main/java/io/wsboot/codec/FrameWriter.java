package io.wsboot.codec;

import io.wsboot.frame.OpCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes RFC 6455 frame headers (minimal length encoding) and close payloads. Framing never
 * touches the payload: the caller copies or masks it after the header.
 */
public final class FrameWriter {
    /** Largest header: 2 bytes + 8-byte length + 4-byte mask key. */
    public static final int MAX_HEADER = 14;
    /** Largest control frame payload. */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    private FrameWriter() {
    }

    /** Header size for a payload of {@code len} bytes. */
    public static int headerSize(long len, boolean masked) {
        return (len < 126 ? 2 : len <= 0xFFFF ? 4 : 10) + (masked ? 4 : 0);
    }

    /** First header byte: FIN, RSV1-3 and the opcode. */
    public static int firstByte(boolean fin, int rsv, OpCode op) {
        return (fin ? 0x80 : 0) | ((rsv & 7) << 4) | op.code();
    }

    /**
     * Writes a header at absolute index {@code at} of {@code dst} (position untouched) and returns
     * its size. {@code maskKey} is only written when {@code masked}.
     */
    public static int writeHeader(ByteBuffer dst, int at, int firstByte, long len, boolean masked, int maskKey) {
        int maskBit = masked ? 0x80 : 0;
        int i = at;
        dst.put(i++, (byte) firstByte);
        if (len < 126) {
            dst.put(i++, (byte) (maskBit | len));
        } else if (len <= 0xFFFF) {
            dst.put(i++, (byte) (maskBit | 126));
            dst.putShort(i, (short) len);
            i += 2;
        } else {
            dst.put(i++, (byte) (maskBit | 127));
            dst.putLong(i, len);
            i += 8;
        }
        if (masked) {
            dst.putInt(i, maskKey);
            i += 4;
        }
        return i - at;
    }

    /** A complete unmasked frame (server to client) holding {@code payload}. */
    public static byte[] frame(OpCode op, byte[] payload) {
        byte[] out = new byte[headerSize(payload.length, false) + payload.length];
        ByteBuffer b = ByteBuffer.wrap(out);
        int h = writeHeader(b, 0, firstByte(true, 0, op), payload.length, false, 0);
        System.arraycopy(payload, 0, out, h, payload.length);
        return out;
    }
}
