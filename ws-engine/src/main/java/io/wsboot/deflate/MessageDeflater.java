package io.wsboot.deflate;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses one side's messages as RFC 7692 asks: raw deflate, each message ended with a sync
 * flush whose {@code 00 00 ff ff} tail is removed.
 *
 * <p>With context takeover the deflater is kept between messages (better ratio); without, one
 * is borrowed from the {@link ZlibPool} per message. {@code java.util.zip.Deflater} always uses
 * a 32 KiB window; when the peer asked for a smaller one (max_window_bits N &lt; 15), the input is
 * fed in slices of 2^N bytes, each ended by a full flush, which forgets the history: no match
 * can then reach further back than 2^N bytes, which is all a smaller window requires.
 *
 * <p>Not thread-safe: used under the owning connection's lock.
 */
public final class MessageDeflater {
    private static final int TAIL = 4;
    private final ZlibPool pool;
    private final boolean contextTakeover;
    private final int windowBits;
    private final int level;
    private Deflater own;

    /**
     * @param contextTakeover keep history between messages (needs a deflater of its own)
     * @param windowBits      the window the peer allows (8-15)
     */
    public MessageDeflater(ZlibPool pool, boolean contextTakeover, int windowBits, int level) {
        this.pool = pool;
        this.windowBits = windowBits;
        this.level = level;
        // a smaller window forgets history at every slice anyway: no context worth keeping
        this.contextTakeover = contextTakeover && windowBits == 15;
    }

    /**
     * Compresses {@code src[position, limit)} (position and limit are restored) and returns the
     * compressed payload between position 0 and limit: in {@code scratch} if it fits, else in a
     * larger buffer the caller may keep as its next scratch.
     */
    public ByteBuffer compress(ByteBuffer src, ByteBuffer scratch) {
        Deflater d = contextTakeover ? ownDeflater() : pool.deflater();
        int pos = src.position();
        int end = src.limit();
        ByteBuffer out = scratch.clear();
        try {
            int slice = windowBits == 15 ? Integer.MAX_VALUE : 1 << windowBits;
            int flush = windowBits == 15 ? Deflater.SYNC_FLUSH : Deflater.FULL_FLUSH;
            int at = pos;
            do {
                int n = Math.min(slice, end - at);
                src.limit(at + n).position(at);
                d.setInput(src);
                do {
                    if (!out.hasRemaining()) {
                        out = grow(out);
                    }
                    d.deflate(out, flush);
                } while (!out.hasRemaining() || !d.needsInput());
                at += n;
            } while (at < end);
        } finally {
            src.limit(end).position(pos);
            if (!contextTakeover) {
                pool.release(d);
            }
        }
        out.flip();
        int n = out.limit();
        if (n >= TAIL && out.get(n - 4) == 0 && out.get(n - 3) == 0 && out.get(n - 2) == (byte) 0xFF && out.get(n - 1) == (byte) 0xFF) {
            out.limit(n - TAIL);
        }
        return out;
    }

    private Deflater ownDeflater() {
        if (own == null) {
            own = new Deflater(level, true);
        }
        return own;
    }

    private static ByteBuffer grow(ByteBuffer b) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(256, b.capacity() * 2));
        b.flip();
        return bigger.put(b);
    }

    /**
     * Whether history is kept between messages. When it is not, a message that did not shrink
     * may be sent uncompressed instead; when it is, every compressed message must be sent, since
     * the next ones may refer to it.
     */
    public boolean keepsContext() {
        return contextTakeover;
    }

    /** The largest window this deflater may use (8-15). */
    public int windowBits() {
        return windowBits;
    }

    /** Ends the deflater this one owns (context takeover); call when the connection ends. */
    public void release() {
        if (own != null) {
            own.end();
            own = null;
        }
    }
}
