package io.wsboot;

import io.wsboot.frame.OpCode;

import java.nio.ByteBuffer;
import java.util.Objects;

/** A message that owns its payload: built by tests, by {@link Message#copy()}, and for handler executors. */
final class DetachedMessage implements Message {
    private final OpCode type;
    private final byte[] payload;

    DetachedMessage(OpCode type, byte[] payload) {
        this.type = Objects.requireNonNull(type, "type");
        this.payload = Objects.requireNonNull(payload, "payload");
    }

    @Override
    public OpCode type() {
        return type;
    }

    @Override
    public ByteBuffer data() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    @Override
    public int length() {
        return payload.length;
    }

    @Override
    public byte[] bytes() {
        return payload.clone();
    }

    @Override
    public Message copy() {
        return this;
    }

    @Override
    public String toString() {
        return type + "(" + payload.length + " bytes)";
    }
}
