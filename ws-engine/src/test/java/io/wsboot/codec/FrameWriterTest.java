package io.wsboot.codec;

import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameWriterTest {

    @Test
    void usesTheMinimalLengthEncoding() {
        assertEquals(2, FrameWriter.headerSize(0, false));
        assertEquals(2, FrameWriter.headerSize(125, false));
        assertEquals(4, FrameWriter.headerSize(126, false));
        assertEquals(4, FrameWriter.headerSize(65535, false));
        assertEquals(10, FrameWriter.headerSize(65536, false));
        assertEquals(14, FrameWriter.headerSize(1L << 40, true));
    }

    @Test
    void writesHeadersBitExact() {
        ByteBuffer b = ByteBuffer.allocate(14);
        int n = FrameWriter.writeHeader(b, 0, FrameWriter.firstByte(true, 0, OpCode.TEXT), 5, false, 0);
        assertEquals(2, n);
        assertEquals((byte) 0x81, b.get(0));
        assertEquals(5, b.get(1));

        n = FrameWriter.writeHeader(b, 0, FrameWriter.firstByte(false, 0, OpCode.BINARY), 300, false, 0);
        assertEquals(4, n);
        assertArrayEquals(new byte[] {0x02, 126, 0x01, 0x2C}, java.util.Arrays.copyOf(b.array(), 4));

        n = FrameWriter.writeHeader(b, 0, FrameWriter.firstByte(true, 4, OpCode.BINARY), 65536, true, 0x01020304);
        assertEquals(14, n);
        assertArrayEquals(new byte[] {(byte) 0xC2, (byte) (0x80 | 127), 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4}, b.array());
    }

    @Test
    void framesAWholeMessage() {
        byte[] f = FrameWriter.frame(OpCode.TEXT, "Hello".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {(byte) 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}, f); // RFC 6455 5.7
    }

    @Test
    void closePayloadCutsTheReasonAtACharacterBoundary() {
        byte[] p = CloseFrame.payload(1000, "é".repeat(100));
        assertEquals(2 + 122, p.length); // 61 two-byte characters fit in 123 bytes, not 61.5
        assertEquals(1000, ((p[0] & 0xFF) << 8) | (p[1] & 0xFF));
        assertEquals(0, CloseFrame.payload(CloseCodes.NO_STATUS, "x").length);
        assertThrows(IllegalArgumentException.class, () -> CloseFrame.payload(1006, ""));
        assertThrows(IllegalArgumentException.class, () -> CloseFrame.payload(999, ""));
    }

    @Test
    void validCloseCodes() {
        for (int c : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999}) {
            assertEquals(true, CloseCodes.isValidOnWire(c), "" + c);
        }
        for (int c : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            assertEquals(false, CloseCodes.isValidOnWire(c), "" + c);
        }
    }

    @Test
    void encodesTextLikeTheJdk() {
        String s = "a é € 😀 \uD800 lone";
        byte[] jdk = s.getBytes(StandardCharsets.UTF_8);
        assertEquals(jdk.length, Utf8Encoder.length(s));
        ByteBuffer b = ByteBuffer.allocate(jdk.length);
        assertEquals(jdk.length, Utf8Encoder.encode(s, b, 0));
        assertArrayEquals(jdk, b.array());
    }
}
