package io.wsboot.codec;

import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

/**
 * Streaming RFC 6455 decoder: turns bytes, in chunks of any size, into messages and control
 * frames, checking every rule of the protocol on the way.
 *
 * <p>Hot path: a complete unfragmented frame that sits whole in the input is unmasked in place
 * and handed to the listener as a view of the input: no copy, no allocation. Only a message
 * that is fragmented or spans reads is copied, into an assembly buffer borrowed from a
 * {@link BufferSource} (one of {@code bufferSize} bytes) or, when larger, allocated up to
 * {@code maxSize}. An idle connection therefore holds no buffer at all.
 *
 * <p>Not thread-safe: one decoder per connection, used from its event loop.
 */
public final class FrameDecoder {
    /** Receives what the decoder assembles. Views are valid only during the call. */
    public interface Listener {
        /**
         * A complete text or binary message in {@code buf[offset, offset + length)}. Text has
         * been validated as UTF-8 (unless validation is off). Return {@code false} to stop
         * decoding (the connection is closing).
         */
        boolean onMessage(OpCode type, ByteBuffer buf, int offset, int length);

        /** A ping, pong or close frame; a close payload has been validated. */
        boolean onControl(OpCode type, ByteBuffer buf, int offset, int length);
    }

    private final boolean expectMasked;
    private final int maxSize;
    private final boolean validateUtf8;
    private final BufferSource buffers;

    // header split across reads (rare): stashed here until complete
    private ByteBuffer hdr;
    // the frame being read
    private boolean inFrame;
    private OpCode frameOp;
    private boolean frameFin;
    /** Payload bytes of the frame still to come: up to 2^63 - 1 as the header declared, never cut to an int. */
    private long remaining;
    private int maskKey;
    private int maskOff;
    // the data message being assembled (fragmented, or a frame that spans reads)
    private OpCode fragmentedOp;
    private ByteBuffer acc;
    private boolean accPooled;
    /** The largest assembly buffer of a past message, kept for the next until {@link #trim()}. */
    private ByteBuffer spare;
    private int utf8;
    // a control frame split across reads
    private ByteBuffer ctl;
    private int ctlLen;
    // permessage-deflate: set once negotiated; RSV1 on a message's first frame marks it compressed
    private Inflation inflater;
    /** A compressed message may inflate to this many times its compressed size (plus an allowance); 0: no bound. */
    private long maxInflateRatio;
    /** Bytes any message may inflate to whatever its ratio, so that small messages never trip it. */
    public static final int INFLATE_ALLOWANCE = 1024;
    private boolean compressed;
    private long compressedBytes;
    private ByteBuffer probe;

    /**
     * @param expectMasked true on a server (client frames must be masked), false on a client
     *                     (server frames must not be)
     * @param maxSize      largest message accepted; larger fails with 1009
     */
    public FrameDecoder(boolean expectMasked, int maxSize, boolean validateUtf8, BufferSource buffers) {
        this.expectMasked = expectMasked;
        this.maxSize = maxSize;
        this.validateUtf8 = validateUtf8;
        this.buffers = buffers;
    }

    /**
     * Decodes {@code in[position, limit)}, unmasking payloads in place. Returns {@code true}
     * when all input was consumed, {@code false} when the listener asked to stop (position is
     * then just after the frame it was given).
     *
     * @throws ProtocolException the peer broke the protocol; fail the connection with its code
     */
    public boolean feed(ByteBuffer in, Listener listener) throws ProtocolException {
        int p = in.position();
        final int lim = in.limit();
        try {
            while (true) {
                if (!inFrame) {
                    if (p >= lim) {
                        return true;
                    }
                    if (hdr != null && hdr.position() > 0) {
                        p = completeStashedHeader(in, p, lim);
                        if (!inFrame) {
                            return true; // still incomplete
                        }
                    } else {
                        int size = headerSize(in, p, lim);
                        if (size < 0 || lim - p < size) {
                            stashHeader(in, p, lim);
                            p = lim;
                            return true;
                        }
                        parseHeader(in, p);
                        p += size;
                    }
                }
                int avail = (int) Math.min(remaining, lim - p);
                if (remaining > 0 && avail == 0) {
                    return true;
                }
                boolean go;
                if (frameOp.isControl()) {
                    go = controlPayload(in, p, avail, listener);
                } else if (compressed) {
                    go = compressedPayload(in, p, avail, listener);
                } else if (frameFin && frameOp != OpCode.CONTINUATION && acc == null && avail == remaining) {
                    go = wholeMessage(in, p, avail, listener);
                } else {
                    go = partialMessage(in, p, avail, listener);
                }
                p += avail;
                in.limit(lim); // the listener may have moved it (a handler reading the message it was given)
                if (!go) {
                    return false;
                }
            }
        } finally {
            in.position(p);
        }
    }

    /**
     * Accepts compressed messages (RSV1) from now on: permessage-deflate was negotiated. A
     * message that inflates to more than {@code maxInflateRatio} times its compressed size (plus
     * {@value #INFLATE_ALLOWANCE} bytes) fails with 1009 as it inflates;
     * 0 for no bound.
     */
    public void enableInflation(Inflation messageInflater, int maxInflateRatio) {
        this.inflater = messageInflater;
        this.maxInflateRatio = maxInflateRatio;
    }

    /** Gives back the assembly buffer (and inflater); call when the connection ends. */
    public void release() {
        dropAssembly();
        trim();
        inFrame = false;
        fragmentedOp = null;
        compressed = false;
        if (inflater != null) {
            inflater.release();
        }
    }

    /** Bytes of a message in progress received so far (0 when idle). */
    public int bufferedBytes() {
        return acc == null ? 0 : acc.position();
    }

    /** Memory held for a message in progress: its assembly buffer's capacity (0 when idle). */
    public int heldBytes() {
        return (acc == null ? 0 : acc.capacity()) + (spare == null ? 0 : spare.capacity());
    }

    // --- header ---

    /** Header size announced by the first two bytes, or -1 when fewer than two are here. */
    private static int headerSize(ByteBuffer b, int p, int lim) {
        if (lim - p < 2) {
            return -1;
        }
        int b1 = b.get(p + 1) & 0xFF;
        int len7 = b1 & 0x7F;
        return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((b1 & 0x80) != 0 ? 4 : 0);
    }

    private void stashHeader(ByteBuffer in, int p, int lim) {
        if (hdr == null) {
            hdr = ByteBuffer.allocate(FrameWriter.MAX_HEADER);
        }
        hdr.put(hdr.position(), in, p, lim - p);
        hdr.position(hdr.position() + (lim - p));
    }

    private int completeStashedHeader(ByteBuffer in, int p, int lim) throws ProtocolException {
        // take bytes one at a time until the stash holds a full header (at most 14)
        while (p < lim) {
            hdr.put(in.get(p++));
            int size = headerSize(hdr, 0, hdr.position());
            if (size > 0 && hdr.position() == size) {
                parseHeader(hdr, 0);
                hdr.clear();
                break;
            }
        }
        return p;
    }

    private void parseHeader(ByteBuffer b, int at) throws ProtocolException {
        int b0 = b.get(at) & 0xFF;
        int b1 = b.get(at + 1) & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        boolean rsv1 = (b0 & 0x40) != 0;
        if ((b0 & 0x30) != 0 || (rsv1 && inflater == null)) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "reserved bits set and no extension negotiated");
        }
        OpCode op = OpCode.of(b0 & 0x0F);
        if (op == null) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "reserved opcode " + (b0 & 0x0F));
        }
        if (rsv1 && !op.isData()) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR,
                    "RSV1 (compressed) is only allowed on the first frame of a text or binary message");
        }
        boolean masked = (b1 & 0x80) != 0;
        if (masked != expectMasked) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR,
                    expectMasked ? "client frame is not masked" : "server frame is masked");
        }
        int len7 = b1 & 0x7F;
        int q = at + 2;
        long len;
        if (len7 == 126) {
            len = b.getShort(q) & 0xFFFF;
            q += 2;
        } else if (len7 == 127) {
            len = b.getLong(q);
            q += 8;
            if (len < 0) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "64-bit payload length has its high bit set");
            }
        } else {
            len = len7;
        }
        if (op.isControl()) {
            if (!fin) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "fragmented control frame");
            }
            if (len > FrameWriter.MAX_CONTROL_PAYLOAD) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "control frame payload over 125 bytes");
            }
        } else if (op == OpCode.CONTINUATION) {
            if (fragmentedOp == null) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "continuation frame without a message to continue");
            }
            long soFar = compressed ? compressedBytes : bufferedBytes();
            // compared as limit - soFar: soFar + len overflows for lengths near 2^63
            if (len > (compressed ? compressedLimit() : maxSize) - soFar) {
                throw tooBig(soFar, len);
            }
        } else {
            if (fragmentedOp != null) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "new data frame inside a fragmented message");
            }
            if (len > (rsv1 ? compressedLimit() : maxSize)) {
                throw tooBig(0, len);
            }
            if (!fin) {
                fragmentedOp = op;
            }
            compressed = rsv1;
            compressedBytes = 0;
            utf8 = Utf8Validator.ACCEPT;
        }
        maskKey = masked ? b.getInt(q) : 0;
        maskOff = 0;
        remaining = len;
        frameOp = op;
        frameFin = fin;
        inFrame = true;
    }

    /**
     * Largest compressed message accepted. Incompressible data grows when deflated (by how much
     * depends on the sender's deflater), so a message within max-size may arrive larger than
     * max-size. Compressed bytes are inflated as they arrive, never held, and the inflated size
     * is bounded by max-size itself; this bound only caps the work a peer can ask for.
     */
    private long compressedLimit() {
        return 2L * maxSize + 1024;
    }

    private ProtocolException tooBig(long soFar, long len) {
        String size = soFar == 0 ? len + " bytes" : soFar + " bytes and a frame of " + len;
        return new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, "message of " + size + " exceeds max-size " + maxSize);
    }

    // --- payload ---

    private void unmask(ByteBuffer in, int p, int n) {
        if (expectMasked && n > 0) {
            Masking.mask(in, p, n, maskKey, maskOff);
            maskOff = (maskOff + n) & 3;
        }
    }

    /** The common case: an unfragmented message whose payload is entirely in the input. */
    private boolean wholeMessage(ByteBuffer in, int p, int n, Listener listener) throws ProtocolException {
        unmask(in, p, n);
        inFrame = false;
        if (frameOp == OpCode.TEXT && validateUtf8 && !Utf8Validator.isValid(in, p, p + n)) {
            throw invalidUtf8();
        }
        return listener.onMessage(frameOp, in, p, n);
    }

    /** A fragment, or part of a frame: append to the assembly buffer, validating as it comes. */
    private boolean partialMessage(ByteBuffer in, int p, int n, Listener listener) throws ProtocolException {
        OpCode type = fragmentedOp != null ? fragmentedOp : frameOp;
        unmask(in, p, n);
        if (type == OpCode.TEXT && validateUtf8) {
            utf8 = Utf8Validator.validate(utf8, in, p, p + n);
            if (utf8 == Utf8Validator.REJECT) {
                throw invalidUtf8();
            }
        }
        ensureCapacity(n); // room for what has arrived, not for what the header announced
        acc.put(acc.position(), in, p, n);
        acc.position(acc.position() + n);
        remaining -= n;
        if (remaining > 0) {
            return true;
        }
        inFrame = false;
        if (!frameFin) {
            return true;
        }
        if (type == OpCode.TEXT && validateUtf8 && utf8 != Utf8Validator.ACCEPT) {
            throw invalidUtf8();
        }
        fragmentedOp = null;
        utf8 = Utf8Validator.ACCEPT;
        boolean go = listener.onMessage(type, acc, 0, acc.position());
        dropAssembly();
        return go;
    }

    /**
     * A compressed message's payload: unmasked, then inflated into the assembly buffer as it
     * comes, so a decompression bomb is stopped at max-size and bad UTF-8 fails at once.
     */
    private boolean compressedPayload(ByteBuffer in, int p, int n, Listener listener) throws ProtocolException {
        OpCode type = fragmentedOp != null ? fragmentedOp : frameOp;
        unmask(in, p, n);
        remaining -= n;
        compressedBytes += n;
        if (n > 0) {
            int lim = in.limit();
            in.limit(p + n).position(p);
            try {
                inflater.input(in);
                drainInflater(type);
            } finally {
                in.limit(lim);
            }
        }
        if (remaining > 0) {
            return true;
        }
        inFrame = false;
        if (!frameFin) {
            return true;
        }
        inflater.inputTail();
        drainInflater(type);
        inflater.endMessage();
        if (type == OpCode.TEXT && validateUtf8 && utf8 != Utf8Validator.ACCEPT) {
            throw invalidUtf8();
        }
        fragmentedOp = null;
        compressed = false;
        utf8 = Utf8Validator.ACCEPT;
        if (acc == null) {
            return listener.onMessage(type, in, p + n, 0); // empty
        }
        boolean go = listener.onMessage(type, acc, 0, acc.position());
        dropAssembly();
        return go;
    }

    /** Inflates all the given input can produce into the assembly buffer, growing it up to max-size. */
    private void drainInflater(OpCode type) throws ProtocolException {
        try {
            while (true) {
                if (acc == null) {
                    ensureCapacity(Math.min(buffers.bufferSize(), maxSize));
                } else if (!acc.hasRemaining()) {
                    if (acc.capacity() >= maxSize) {
                        // full at max-size: one more byte of output and the message is too big
                        if (probe == null) {
                            probe = ByteBuffer.allocate(1);
                        }
                        if (inflater.inflate(probe.clear()) > 0) {
                            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                                    "message decompresses to more than max-size " + maxSize);
                        }
                        return;
                    }
                    ensureCapacity((int) Math.min(maxSize - acc.position(), Math.max(acc.capacity(), 1)));
                }
                int start = acc.position();
                int produced = inflater.inflate(acc);
                if (produced == 0) {
                    return;
                }
                if (maxInflateRatio > 0 && acc.position() > maxInflateRatio * compressedBytes + INFLATE_ALLOWANCE) {
                    throw new InflateRatioException("message inflates to more than " + maxInflateRatio
                            + " times its compressed size (max-inflate-ratio): " + acc.position() + " bytes from " + compressedBytes);
                }
                if (type == OpCode.TEXT && validateUtf8) {
                    utf8 = Utf8Validator.validate(utf8, acc, start, start + produced);
                    if (utf8 == Utf8Validator.REJECT) {
                        throw invalidUtf8();
                    }
                }
            }
        } catch (DataFormatException e) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "invalid compressed data: " + e.getMessage());
        }
    }

    /**
     * Makes room for {@code more} bytes after what is assembled. Space follows the bytes that
     * have arrived, never a length a header announced: past the pooled buffer it grows to four
     * times what has arrived (so a large message is copied once or twice, not at every
     * doubling), but never past the end of the final frame, nor past max-size.
     */
    private void ensureCapacity(int more) throws ProtocolException {
        int used = acc == null ? 0 : acc.position();
        int need = used + more;
        if (acc != null && acc.capacity() >= need) {
            return;
        }
        ByteBuffer next;
        boolean pooled = false;
        if (need <= buffers.bufferSize()) {
            next = buffers.acquire();
            next.clear();
            pooled = true;
        } else {
            long end = inFrame && frameFin && !compressed ? used + remaining : maxSize; // the message cannot get longer
            long cap = Math.max(need, Math.min(Math.min(maxSize, end), 4L * need));
            if (spare != null && spare.capacity() >= need) {
                next = spare.clear();
                spare = null;
            } else {
                next = buffers.allocate((int) cap);
            }
            if (next == null) {
                throw new ProtocolException(CloseCodes.TRY_AGAIN_LATER,
                        "server memory for messages in progress is spent (max-buffered-bytes); try again later");
            }
        }
        if (acc != null) {
            next.put(0, acc, 0, used);
            next.position(used);
            dropAssembly();
        }
        acc = next;
        accPooled = pooled;
    }

    private void dropAssembly() {
        if (acc != null) {
            if (accPooled) {
                buffers.release(acc);
            } else if (spare == null || acc.capacity() > spare.capacity()) {
                trim();
                spare = acc; // the next large message reuses it: its size was earned by bytes received
            } else {
                buffers.free(acc);
            }
        }
        acc = null;
        accPooled = false;
    }

    /**
     * Gives back the large buffer kept from the last large message (call when the connection
     * has been quiet a while: a steady stream of large messages then allocates nothing, an
     * idle connection holds nothing).
     */
    public void trim() {
        if (spare != null) {
            buffers.free(spare);
            spare = null;
        }
    }

    private boolean controlPayload(ByteBuffer in, int p, int n, Listener listener) throws ProtocolException {
        unmask(in, p, n);
        remaining -= n;
        if (remaining == 0 && ctlLen == 0) {
            inFrame = false;
            checkControl(in, p, n);
            return listener.onControl(frameOp, in, p, n);
        }
        if (ctl == null) {
            ctl = ByteBuffer.allocate(FrameWriter.MAX_CONTROL_PAYLOAD);
        }
        if (ctlLen == 0) {
            ctl.clear(); // a listener may have moved its position or limit
        }
        ctl.put(ctlLen, in, p, n);
        ctlLen += n;
        if (remaining > 0) {
            return true;
        }
        inFrame = false;
        int len = ctlLen;
        ctlLen = 0;
        checkControl(ctl, 0, len);
        return listener.onControl(frameOp, ctl, 0, len);
    }

    /** A close payload is empty, or a valid code followed by a UTF-8 reason. */
    private void checkControl(ByteBuffer b, int p, int n) throws ProtocolException {
        if (frameOp != OpCode.CLOSE || n == 0) {
            return;
        }
        if (n == 1) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        int code = CloseFrame.code(b, p, n);
        if (!CloseCodes.isValidOnWire(code)) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "invalid close code " + code);
        }
        if (validateUtf8 && !Utf8Validator.isValid(b, p + 2, p + n)) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "close reason is not valid UTF-8");
        }
    }

    private static ProtocolException invalidUtf8() {
        return new ProtocolException(CloseCodes.INVALID_PAYLOAD, "text message is not valid UTF-8");
    }
}
