package io.wsboot.client;

import io.wsboot.codec.FrameWriter;
import io.wsboot.codec.Masking;
import io.wsboot.deflate.MessageDeflater;
import io.wsboot.frame.OpCode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * What a client sends, on its way out: each frame compressed (when agreed and worth it), framed
 * and masked with a fresh key into one write buffer, which goes to the socket at once or, for
 * frames the read loop writes while it dispatches, once per read burst (one socket write for many
 * frames). Large payloads stream through the buffer in chunks. Guarded by the client's write lock.
 */
final class ClientOutbound {
    private static final int WRITE_CHUNK = 64 * 1024;
    private static final int INITIAL = 1024;
    private final ClientConfig config;
    private final OutputStream stream;
    private final MaskKeys maskKeys = new MaskKeys();
    private byte[] buf;
    private ByteBuffer view;
    private int pending;
    /** Set once an event loop serves the connection: bytes then go through it. */
    private volatile LoopChannel channel;
    private MessageDeflater deflater;
    private ByteBuffer deflateScratch;

    /** The largest frame (and burst) gathered in the buffer; larger frames stream through it in chunks. */
    private final int gatherLimit;

    ClientOutbound(ClientConfig config, OutputStream stream) {
        this.config = config;
        this.stream = stream;
        this.gatherLimit = Math.max(16 * 1024, Math.min(config.bufferSize(), WRITE_CHUNK)) + FrameWriter.MAX_HEADER;
    }

    /**
     * Room for {@code need} more bytes after what is pending, when a frame that size is worth
     * gathering: the buffer starts small at the first frame (a connection that only listens keeps
     * none; one that sends little keeps 1 KiB) and doubles, up to {@link #gatherLimit}, as larger
     * frames or larger bursts come. False when the frame is too large to gather.
     */
    private boolean roomFor(int need) {
        int limit = gatherLimit;
        if (need > limit) {
            return false;
        }
        if (buf == null || pending + need > buf.length) {
            int size = buf == null ? INITIAL : buf.length;
            while (size < pending + need && size < limit) {
                size = Math.min(limit, size * 2);
            }
            if (buf == null || size > buf.length) {
                byte[] bigger = new byte[size];
                if (pending > 0) {
                    System.arraycopy(buf, 0, bigger, 0, pending);
                }
                buf = bigger;
                view = ByteBuffer.wrap(buf);
            }
        }
        return true;
    }

    void useChannel(LoopChannel c) {
        channel = c;
    }

    /** permessage-deflate agreed: messages of at least the configured minimum size are compressed. */
    void compressWith(MessageDeflater d) {
        deflater = d;
        deflateScratch = ByteBuffer.allocate(1024);
    }

    boolean compressing() {
        return deflater != null;
    }

    /**
     * Frames {@code src[off, off + len)} after what is pending; writes it all unless
     * {@code holdBack} (the read loop flushes at the end of its burst).
     */
    void frame(int firstByte, byte[] src, int off, int len, boolean holdBack) throws IOException {
        if (deflater != null && len >= config.compression().minSize() && (firstByte & 0x0F) <= OpCode.BINARY.code()) {
            ByteBuffer z = deflater.compress(ByteBuffer.wrap(src, off, len), deflateScratch);
            deflateScratch = z;
            if (z.limit() < len || deflater.keepsContext()) {
                firstByte |= 0x40; // RSV1: compressed
                src = z.array();
                off = 0;
                len = z.limit();
            }
        }
        int key = maskKeys.next();
        int h = FrameWriter.headerSize(len, true);
        if (buf != null && pending + h + len > buf.length && pending + h + len > gatherLimit) {
            flush(); // the burst is as large as it may grow: send what is gathered
        }
        if (roomFor(h + len)) {
            FrameWriter.writeHeader(view, pending, firstByte, len, true, key);
            System.arraycopy(src, off, buf, pending + h, len);
            Masking.mask(view, pending + h, len, key, 0);
            pending += h + len;
            if (!holdBack) {
                flush();
            }
            return;
        }
        flush();
        if (buf == null || buf.length < WRITE_CHUNK) {
            buf = new byte[WRITE_CHUNK];
            view = ByteBuffer.wrap(buf);
        }
        FrameWriter.writeHeader(view, 0, firstByte, len, true, key);
        write(buf, 0, h);
        for (int done = 0; done < len; ) {
            int n = Math.min(buf.length, len - done);
            System.arraycopy(src, off + done, buf, 0, n);
            Masking.mask(view, 0, n, key, done & 3);
            write(buf, 0, n);
            done += n;
        }
    }

    void flush() throws IOException {
        if (pending > 0) {
            int n = pending;
            pending = 0;
            write(buf, 0, n);
        }
    }

    /** To the socket: blocking, or through the event loop once one serves this connection. */
    private void write(byte[] b, int off, int len) throws IOException {
        LoopChannel c = channel;
        if (c != null) {
            c.write(b, off, len);
        } else {
            stream.write(b, off, len);
        }
    }

    /** Gives back the compressor (native memory); the client is closed. */
    void release() {
        if (deflater != null) {
            deflater.release();
        }
    }
}
