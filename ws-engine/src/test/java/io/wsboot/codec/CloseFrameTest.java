package io.wsboot.codec;

import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one reading and writing of close payloads, and the checks every writeFrame shares. */
class CloseFrameTest {

    @Test
    void readsWhatItWrites() {
        byte[] p = CloseFrame.payload(4001, "bye ✓");
        assertEquals(4001, CloseFrame.code(p));
        assertEquals("bye ✓", CloseFrame.reason(p));
        ByteBuffer inside = ByteBuffer.allocate(20).put(3, p);
        assertEquals(4001, CloseFrame.code(inside, 3, p.length));
        assertEquals("bye ✓", CloseFrame.reason(inside, 3, p.length));
    }

    @Test
    void anEmptyPayloadHasNoStatusAndNoReason() {
        assertEquals(CloseCodes.NO_STATUS, CloseFrame.code(new byte[0]));
        assertEquals("", CloseFrame.reason(new byte[0]));
        assertEquals("", CloseFrame.reason(CloseFrame.payload(1000, null)));
    }

    @Test
    void anEchoIsTheCodeAloneOrNothing() {
        assertArrayEquals(new byte[] {0x03, (byte) 0xE8}, CloseFrame.echo(1000));
        assertEquals(0, CloseFrame.echo(CloseCodes.NO_STATUS).length);
    }

    @Test
    void writeFrameChecks() {
        ByteBuffer none = ByteBuffer.allocate(0);
        assertThrows(IllegalArgumentException.class, () -> CloseFrame.checkWritable(OpCode.CONTINUATION, none, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> CloseFrame.checkWritable(OpCode.PING, ByteBuffer.allocate(126), 0, 126));
        assertThrows(IllegalArgumentException.class, () -> CloseFrame.checkWritable(OpCode.CLOSE, ByteBuffer.allocate(1), 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> CloseFrame.checkWritable(OpCode.CLOSE, ByteBuffer.wrap(new byte[] {0x03, (byte) 0xED}), 0, 2)); // 1005
        assertDoesNotThrow(() -> CloseFrame.checkWritable(OpCode.CLOSE, none, 0, 0));
        assertDoesNotThrow(() -> CloseFrame.checkWritable(OpCode.CLOSE, ByteBuffer.wrap(CloseFrame.echo(1001)), 0, 2));
        assertDoesNotThrow(() -> CloseFrame.checkWritable(OpCode.BINARY, ByteBuffer.allocate(1 << 20), 0, 1 << 20));
    }
}
