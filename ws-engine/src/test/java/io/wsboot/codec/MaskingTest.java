package io.wsboot.codec;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class MaskingTest {

    private static byte[] naive(byte[] in, int from, int len, byte[] key, int keyOffset) {
        byte[] out = in.clone();
        for (int i = 0; i < len; i++) {
            out[from + i] ^= key[(keyOffset + i) & 3];
        }
        return out;
    }

    @Test
    void matchesTheByteAtATimeDefinitionForEveryLengthOffsetAndOrder() {
        Random r = new Random(1);
        byte[] key = {(byte) 0x37, (byte) 0xfa, (byte) 0x21, (byte) 0x3d};
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            for (boolean direct : new boolean[] {false, true}) {
                for (int len = 0; len < 40; len++) {
                    for (int from = 0; from < 5; from++) {
                        for (int ko = 0; ko < 4; ko++) {
                            byte[] data = new byte[50];
                            r.nextBytes(data);
                            ByteBuffer b = (direct ? ByteBuffer.allocateDirect(50) : ByteBuffer.allocate(50)).order(order);
                            b.put(0, data);
                            Masking.mask(b, from, len, Masking.key(key), ko);
                            byte[] got = new byte[50];
                            b.get(0, got);
                            assertArrayEquals(naive(data, from, len, key, ko), got,
                                    order + " direct=" + direct + " len=" + len + " from=" + from + " ko=" + ko);
                        }
                    }
                }
            }
        }
    }

    @Test
    void rfcExampleHello() {
        // RFC 6455 5.7: masked "Hello" with key 37 fa 21 3d is 7f 9f 4d 51 58
        ByteBuffer b = ByteBuffer.wrap("Hello".getBytes());
        Masking.mask(b, 0, 5, Masking.key(new byte[] {0x37, (byte) 0xfa, 0x21, 0x3d}), 0);
        assertArrayEquals(new byte[] {0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58}, b.array());
    }

    @Test
    void maskingTwiceRestoresAndSplitsContinueTheKey() {
        byte[] data = new byte[1000];
        new Random(3).nextBytes(data);
        int key = 0x12345678;
        ByteBuffer whole = ByteBuffer.wrap(data.clone());
        Masking.mask(whole, 0, 1000, key, 0);
        ByteBuffer split = ByteBuffer.wrap(data.clone());
        Masking.mask(split, 0, 333, key, 0);
        Masking.mask(split, 333, 667, key, 333 & 3);
        assertArrayEquals(whole.array(), split.array());
        Masking.mask(whole, 0, 1000, key, 0);
        assertArrayEquals(data, whole.array());
    }
}
