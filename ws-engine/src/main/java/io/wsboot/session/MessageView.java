package io.wsboot.session;

import io.wsboot.Message;
import io.wsboot.frame.OpCode;

import java.nio.ByteBuffer;

/**
 * The message object the engine's read paths hand to handlers: one per event loop (or client
 * connection), re-pointed at each message's bytes, so delivering a message allocates nothing.
 * Valid only during the handler call. Engine plumbing: handlers only see it as a {@link Message}.
 */
public final class MessageView implements Message {
    private final ByteBuffer readBuffer;
    private final ByteBuffer readView;
    private OpCode type;
    private ByteBuffer buf;
    private int offset;
    private int length;

    /** @param readBuffer the buffer the decoder reads from: messages in it are handed out as a view */
    public MessageView(ByteBuffer readBuffer) {
        this.readBuffer = readBuffer;
        this.readView = readBuffer.duplicate();
    }

    /** Points this message at {@code buf[offset, offset + length)}. */
    public MessageView set(OpCode type, ByteBuffer buf, int offset, int length) {
        this.type = type;
        // the loop's read buffer is in use by the decoder: hand out a view, never the buffer
        this.buf = buf == readBuffer ? readView : buf;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Detaches the message once the handler returned. */
    public void clear() {
        buf = null;
    }

    @Override
    public OpCode type() {
        return type;
    }

    @Override
    public ByteBuffer data() {
        if (buf == null) {
            throw new IllegalStateException("a message is only valid during handle(); use copy() to keep it");
        }
        buf.limit(offset + length).position(offset);
        return buf;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public String toString() {
        return type + "(" + length + " bytes)";
    }
}
