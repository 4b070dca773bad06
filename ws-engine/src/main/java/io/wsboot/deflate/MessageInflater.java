package io.wsboot.deflate;

import io.wsboot.codec.Inflation;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses one message at a time, payload chunk by chunk as frames arrive. Without context
 * takeover the inflater is borrowed from the {@link ZlibPool} for the message only. Not
 * thread-safe: one per connection, used on its read path.
 */
public final class MessageInflater implements Inflation {
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private final ZlibPool pool;
    private final boolean contextTakeover;
    private ByteBuffer tail;
    private Inflater inflater;

    /** @param contextTakeover the peer keeps its history between messages, so must we */
    public MessageInflater(ZlibPool pool, boolean contextTakeover) {
        this.pool = pool;
        this.contextTakeover = contextTakeover;
    }

    /** Takes compressed input; {@code in}'s position advances as {@link #inflate} consumes it. */
    @Override
    public void input(ByteBuffer in) {
        if (inflater == null) {
            inflater = contextTakeover ? new Inflater(true) : pool.inflater();
        }
        inflater.setInput(in);
    }

    /** Takes the {@code 00 00 ff ff} tail the sender removed from the end of the message. */
    @Override
    public void inputTail() {
        if (tail == null) {
            tail = ByteBuffer.wrap(TAIL); // per connection, made on first use: idle connections carry nothing
        }
        input(tail.clear());
    }

    /** Inflates into {@code out} from its position; returns the bytes produced (0 when it needs input or room). */
    @Override
    public int inflate(ByteBuffer out) throws DataFormatException {
        return inflater.inflate(out);
    }

    /** True once all input given has been consumed. */
    public boolean needsInput() {
        return inflater.needsInput();
    }

    /** The message is complete: reset, or give back, the inflater. */
    @Override
    public void endMessage() {
        if (!contextTakeover && inflater != null) {
            pool.release(inflater);
            inflater = null;
        }
    }

    /** The connection ended. */
    @Override
    public void release() {
        if (inflater != null) {
            if (contextTakeover) {
                inflater.end();
            } else {
                pool.release(inflater);
            }
            inflater = null;
        }
    }
}
