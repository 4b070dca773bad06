package io.wsboot.spring.autoconfigure.broker;

import io.wsboot.PreFramed;
import io.wsboot.frame.OpCode;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A published message as it crosses Redis: the id of the instance that published it (so it
 * drops its own message when Redis hands it back), the message type, the payload.
 *
 * <pre>
 * 0      1 byte   format version (1)
 * 1..16  16 bytes publishing instance id
 * 17     1 byte   WebSocket opcode (1 text, 2 binary)
 * 18..   payload
 * </pre>
 */
final class RelayEnvelope {
    static final int VERSION = 1;
    static final int ID_LENGTH = 16;
    private static final int HEADER = 2 + ID_LENGTH;

    private RelayEnvelope() {
    }

    static byte[] encode(byte[] instance, PreFramed message) {
        int n = message.payloadLength();
        byte[] body = new byte[HEADER + n];
        body[0] = VERSION;
        System.arraycopy(instance, 0, body, 1, ID_LENGTH);
        body[1 + ID_LENGTH] = (byte) message.type().code();
        ByteBuffer frame = message.bytes();
        frame.position(frame.limit() - n).get(body, HEADER, n);
        return body;
    }

    /** Whether {@code body} is a well-formed envelope this version reads. */
    static boolean readable(byte[] body) {
        if (body.length < HEADER || body[0] != VERSION) {
            return false;
        }
        int op = body[1 + ID_LENGTH];
        return op == OpCode.TEXT.code() || op == OpCode.BINARY.code();
    }

    static boolean from(byte[] body, byte[] instance) {
        return Arrays.equals(body, 1, 1 + ID_LENGTH, instance, 0, ID_LENGTH);
    }

    static PreFramed message(byte[] body) {
        OpCode type = OpCode.of(body[1 + ID_LENGTH]);
        return PreFramed.of(type, Arrays.copyOfRange(body, HEADER, body.length));
    }
}
