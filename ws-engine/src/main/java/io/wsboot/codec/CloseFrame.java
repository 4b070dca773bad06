package io.wsboot.codec;

import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Close payloads (RFC 6455 section 5.5.1), read and written in this one place, and the checks
 * every {@code writeFrame} applies to what a caller asks it to send.
 */
public final class CloseFrame {
    private static final byte[] EMPTY = new byte[0];

    private CloseFrame() {
    }

    /** The code of the close payload in {@code buf[offset, offset + length)}: {@link CloseCodes#NO_STATUS} when it has none. */
    public static int code(ByteBuffer buf, int offset, int length) {
        return length >= 2 ? buf.getShort(offset) & 0xFFFF : CloseCodes.NO_STATUS;
    }

    public static int code(byte[] payload) {
        return code(ByteBuffer.wrap(payload), 0, payload.length);
    }

    /** The reason after the code, decoded as UTF-8; "" when there is none. */
    public static String reason(ByteBuffer buf, int offset, int length) {
        if (length <= 2) {
            return "";
        }
        byte[] r = new byte[length - 2];
        buf.get(offset + 2, r);
        return new String(r, StandardCharsets.UTF_8);
    }

    public static String reason(byte[] payload) {
        return reason(ByteBuffer.wrap(payload), 0, payload.length);
    }

    /**
     * A close payload: the code and as much of {@code reason} as fits in 123 bytes, cut at a
     * character boundary. Code {@link CloseCodes#NO_STATUS} gives an empty payload.
     *
     * @throws IllegalArgumentException a code that may not be sent
     */
    public static byte[] payload(int code, String reason) {
        if (code == CloseCodes.NO_STATUS) {
            return EMPTY;
        }
        if (!CloseCodes.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (valid: 1000-1003, 1007-1014, 3000-4999)");
        }
        byte[] r = reason == null ? EMPTY : reason.getBytes(StandardCharsets.UTF_8);
        int n = r.length;
        if (n > FrameWriter.MAX_CONTROL_PAYLOAD - 2) {
            n = FrameWriter.MAX_CONTROL_PAYLOAD - 2;
            while (n > 0 && (r[n] & 0xC0) == 0x80) {
                n--; // do not split a multi-byte character
            }
        }
        byte[] p = new byte[2 + n];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, n);
        return p;
    }

    /** What answers a peer's close: its code alone (RFC 6455 5.5.1), or nothing when it sent none. */
    public static byte[] echo(int code) {
        return code == CloseCodes.NO_STATUS ? EMPTY : payload(code, "");
    }

    /**
     * The checks of {@code writeFrame(type, payload)}: whole messages only (no CONTINUATION), a
     * control payload of at most 125 bytes, and a close payload that is empty or a code that may
     * be sent.
     *
     * @throws IllegalArgumentException what is wrong with the frame
     */
    public static void checkWritable(OpCode type, ByteBuffer payload, int offset, int length) {
        if (type == OpCode.CONTINUATION) {
            throw new IllegalArgumentException("writeFrame sends whole messages; CONTINUATION is not one");
        }
        if (type.isControl() && length > FrameWriter.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("control frame payload of " + length + " bytes; at most 125 allowed");
        }
        if (type == OpCode.CLOSE && (length == 1 || (length >= 2 && !CloseCodes.isValidOnWire(code(payload, offset, length))))) {
            throw new IllegalArgumentException("invalid close payload: " + (length == 1 ? "one byte" : "code " + code(payload, offset, length)));
        }
    }
}
