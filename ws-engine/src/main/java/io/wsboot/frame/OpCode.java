package io.wsboot.frame;

/** RFC 6455 frame opcodes. Reserved opcodes have no constant: a frame carrying one is a protocol error. */
public enum OpCode {
    CONTINUATION(0x0),
    TEXT(0x1),
    BINARY(0x2),
    CLOSE(0x8),
    PING(0x9),
    PONG(0xA);

    private static final OpCode[] BY_CODE = new OpCode[16];

    static {
        for (OpCode op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    private final int code;

    OpCode(int code) {
        this.code = code;
    }

    /** The 4-bit value carried on the wire. */
    public int code() {
        return code;
    }

    /** Close, ping and pong: at most 125 bytes, never fragmented. */
    public boolean isControl() {
        return code >= 0x8;
    }

    /** Text or binary: the opcodes a message can start with. */
    public boolean isData() {
        return this == TEXT || this == BINARY;
    }

    /** Number of opcodes a whole message or control frame can have (all but CONTINUATION). */
    public static final int MESSAGE_TYPES = 5;

    /**
     * A dense index (0-4) of the opcodes messages and control frames have: TEXT, BINARY, PING,
     * PONG, CLOSE; -1 for CONTINUATION. For per-type counters in arrays.
     */
    public int slot() {
        return switch (this) {
            case TEXT -> 0;
            case BINARY -> 1;
            case PING -> 2;
            case PONG -> 3;
            case CLOSE -> 4;
            case CONTINUATION -> -1;
        };
    }

    /** The opcode for a 4-bit wire value, or {@code null} when it is reserved. */
    public static OpCode of(int code) {
        return code >= 0 && code < 16 ? BY_CODE[code] : null;
    }
}
