package io.wsboot;

import io.wsboot.codec.CloseFrame;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A received message: its {@link #type()} and its payload. Messages the engine hands to
 * {@link Handler#handle} are views of its buffers, valid only during that call (the engine
 * reuses them: no allocation per message). {@link #copy()} detaches one.
 */
public interface Message {

    OpCode type();

    /**
     * The payload, between the buffer's position and limit. Each call returns it rewound to the
     * payload's start. Do not keep the buffer beyond the call that received the message.
     */
    ByteBuffer data();

    /** Payload size in bytes. */
    int length();

    /** The payload decoded as UTF-8 (a new String). */
    default String text() {
        ByteBuffer d = data();
        if (d.hasArray()) {
            return new String(d.array(), d.arrayOffset() + d.position(), d.remaining(), StandardCharsets.UTF_8);
        }
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** A copy of the payload. */
    default byte[] bytes() {
        ByteBuffer d = data();
        byte[] b = new byte[d.remaining()];
        d.get(d.position(), b);
        return b;
    }

    /** For a close message: its status code, or 1005 when it carried none. */
    default int closeCode() {
        ByteBuffer d = data();
        return type() == OpCode.CLOSE ? CloseFrame.code(d, d.position(), d.remaining()) : CloseCodes.NO_STATUS;
    }

    /** For a close message: its reason, or "". */
    default String closeReason() {
        ByteBuffer d = data();
        return type() == OpCode.CLOSE ? CloseFrame.reason(d, d.position(), d.remaining()) : "";
    }

    /** A message that owns a copy of this one's payload, safe to keep or hand to another thread. */
    default Message copy() {
        return of(type(), bytes());
    }

    /** A message holding {@code payload} (not copied). */
    static Message of(OpCode type, byte[] payload) {
        return new DetachedMessage(type, payload);
    }

    static Message text(String text) {
        return of(OpCode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    static Message binary(byte[] payload) {
        return of(OpCode.BINARY, payload);
    }
}
