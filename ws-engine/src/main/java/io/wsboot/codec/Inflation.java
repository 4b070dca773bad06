package io.wsboot.codec;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

/**
 * How the decoder inflates a compressed message (RSV1), chunk by chunk as its frames arrive. The
 * extension that negotiated it (permessage-deflate) implements it: the codec knows the frame bits,
 * not the compression.
 */
public interface Inflation {
    /** Takes compressed input; {@code in}'s position advances as {@link #inflate} consumes it. */
    void input(ByteBuffer in);

    /** Takes the tail the sender removed from the end of the message. */
    void inputTail();

    /** Inflates into {@code out} from its position; returns the bytes produced (0 when it needs input or room). */
    int inflate(ByteBuffer out) throws DataFormatException;

    /** The message is complete. */
    void endMessage();

    /** The connection ended. */
    void release();
}
