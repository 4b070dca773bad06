package io.wsboot;

import io.wsboot.frame.FrameWriter;
import io.wsboot.frame.OpCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A complete server frame built once and sent as is to any number of connections with
 * {@link Conn#writeFramed}: no framing work per send (seed: {@code websocket.frameText} /
 * {@code frameBin}). Immutable and thread-safe; keep them in constants or share one per
 * broadcast.
 */
public final class PreFramed {
    private final OpCode type;
    private final byte[] frame;
    private final int payloadLength;

    private PreFramed(OpCode type, byte[] payload) {
        this.type = type;
        this.frame = FrameWriter.frame(type, payload);
        this.payloadLength = payload.length;
    }

    /** A text frame holding {@code text} as UTF-8. */
    public static PreFramed text(String text) {
        return new PreFramed(OpCode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A binary frame holding a copy of {@code payload}. */
    public static PreFramed binary(byte[] payload) {
        return new PreFramed(OpCode.BINARY, payload.clone());
    }

    /** A frame of any opcode (control payloads at most 125 bytes). */
    public static PreFramed of(OpCode type, byte[] payload) {
        if (type == OpCode.CONTINUATION) {
            throw new IllegalArgumentException("a pre-framed message must be a whole message");
        }
        if (type.isControl() && payload.length > FrameWriter.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("control frame payload over 125 bytes");
        }
        return new PreFramed(type, payload.clone());
    }

    public OpCode type() {
        return type;
    }

    /** Size of the whole frame on the wire (header included). */
    public int size() {
        return frame.length;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** Copies frame bytes {@code [from, from + len)} to {@code dst} at absolute index {@code at}. */
    public void copyTo(int from, ByteBuffer dst, int at, int len) {
        dst.put(at, frame, from, len);
    }

    /** The frame bytes, read-only. */
    public ByteBuffer bytes() {
        return ByteBuffer.wrap(frame).asReadOnlyBuffer();
    }

    @Override
    public String toString() {
        return "PreFramed(" + type + ", " + payloadLength + " bytes)";
    }
}
