package io.wsboot;

import io.wsboot.codec.FrameWriter;
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
    /** The same message compressed for permessage-deflate (RSV1), made on first use; null if it did not shrink. */
    private volatile PreFramed compressed;
    private volatile boolean compressionTried;

    private PreFramed(OpCode type, byte[] payload) {
        this.type = type;
        this.frame = FrameWriter.frame(type, payload);
        this.payloadLength = payload.length;
    }

    /** A text frame holding {@code text} as UTF-8. */
    public static PreFramed text(String text) {
        return new PreFramed(OpCode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A text frame holding {@code utf8}, which must be UTF-8 already (not checked: the bytes an
     * encoder such as a JSON mapper wrote). The bytes are copied into the frame.
     */
    public static PreFramed text(byte[] utf8) {
        return new PreFramed(OpCode.TEXT, utf8);
    }

    /** A binary frame holding {@code payload} (copied into the frame). */
    public static PreFramed binary(byte[] payload) {
        return new PreFramed(OpCode.BINARY, payload);
    }

    /** A frame of any opcode (control payloads at most 125 bytes). */
    public static PreFramed of(OpCode type, byte[] payload) {
        if (type == OpCode.CONTINUATION) {
            throw new IllegalArgumentException("a pre-framed message must be a whole message");
        }
        if (type.isControl() && payload.length > FrameWriter.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("control frame payload over 125 bytes");
        }
        return new PreFramed(type, payload); // framing copies it
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

    private PreFramed(OpCode type, byte[] frame, int payloadLength) {
        this.type = type;
        this.frame = frame;
        this.payloadLength = payloadLength;
    }

    /**
     * This message compressed as permessage-deflate without context (valid on every connection
     * that agreed {@code server_no_context_takeover} with a full window), or null when
     * compression does not make it smaller. Computed once, on first use, then shared.
     */
    public PreFramed compressed(int level) {
        if (compressionTried) {
            return compressed; // the hot path of a fan-out: no lock
        }
        synchronized (this) { // a topic's subscribers on several loops may ask first at once: compressed once
            return compressedOnce(level);
        }
    }

    private PreFramed compressedOnce(int level) {
        if (!compressionTried && type.isData()) {
            byte[] payload = new byte[payloadLength];
            System.arraycopy(frame, frame.length - payloadLength, payload, 0, payloadLength);
            java.util.zip.Deflater d = new java.util.zip.Deflater(level, true);
            try {
                d.setInput(payload);
                byte[] out = new byte[payloadLength + 64];
                int n = d.deflate(out, 0, out.length, java.util.zip.Deflater.SYNC_FLUSH);
                if (n >= 4 && n < out.length && n - 4 < payloadLength) {
                    byte[] z = java.util.Arrays.copyOf(out, n - 4); // without the 00 00 ff ff tail
                    byte[] f = new byte[FrameWriter.headerSize(z.length, false) + z.length];
                    int h = FrameWriter.writeHeader(ByteBuffer.wrap(f), 0, FrameWriter.firstByte(true, 4, type), z.length, false, 0);
                    System.arraycopy(z, 0, f, h, z.length);
                    compressed = new PreFramed(type, f, payloadLength);
                }
            } finally {
                d.end();
            }
            compressionTried = true;
        }
        return compressed;
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
