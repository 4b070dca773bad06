package io.wsboot.codec;

import io.wsboot.deflate.MessageInflater;
import io.wsboot.deflate.ZlibPool;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import io.wsboot.support.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import static io.wsboot.support.Frames.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Declared lengths against max-size, in both roles: any length over the limit, on a first frame
 * or a continuation, compressed or not, is 1009 from the header alone; and space for a message
 * follows the bytes that arrive, never the length a header announces.
 */
class LengthLimitTest {
    private static final int MAX = 1 << 16;
    private static final ZlibPool ZLIB = new ZlibPool(6, 4);

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (boolean server : new boolean[] {true, false}) {
            for (boolean continuation : new boolean[] {false, true}) {
                for (boolean compressed : new boolean[] {false, true}) {
                    for (long len : new long[] {Integer.MAX_VALUE, 1L << 31, Long.MAX_VALUE}) {
                        all.add(Arguments.of(server ? "server" : "client", continuation, compressed, len));
                    }
                }
            }
        }
        return all.stream();
    }

    /** Records what the decoder delivers. */
    private static final class Seen implements FrameDecoder.Listener {
        final List<OpCode> events = new ArrayList<>();

        @Override
        public boolean onMessage(OpCode type, ByteBuffer buf, int offset, int length) {
            events.add(type);
            return true;
        }

        @Override
        public boolean onControl(OpCode type, ByteBuffer buf, int offset, int length) {
            events.add(type);
            return true;
        }
    }

    @ParameterizedTest(name = "{0}, continuation {1}, compressed {2}, length {3}")
    @MethodSource("cases")
    void aLengthOverTheLimitIs1009FromItsHeader(String role, boolean continuation, boolean compressed, long len) {
        boolean server = role.equals("server"); // a server reads masked frames, a client unmasked ones
        List<byte[]> parts = new ArrayList<>();
        if (continuation) {
            byte[] first = compressed ? deflated("hello") : "hello".getBytes();
            parts.add(Frames.raw(false, compressed ? 4 : 0, OpCode.TEXT.code(), first, server, first.length));
            parts.add(Frames.raw(true, 0, OpCode.CONTINUATION.code(), new byte[0], server, len));
        } else {
            parts.add(Frames.raw(true, compressed ? 4 : 0, OpCode.BINARY.code(), new byte[0], server, len));
        }
        // what follows would be payload; a ping hidden in it must never be seen as a frame
        parts.add(Frames.raw(true, 0, OpCode.PING.code(), "hidden".getBytes(), server, 6));
        byte[] input = concat(parts.toArray(new byte[0][]));
        for (int chunk : new int[] {0, 1, 3}) {
            FrameDecoder d = new FrameDecoder(server, MAX, true, BufferSource.allocating(256));
            d.enableInflation(new MessageInflater(ZLIB, false), 100);
            Seen seen = new Seen();
            ProtocolException e = assertThrows(ProtocolException.class, () -> feed(d, input.clone(), chunk, seen));
            assertEquals(CloseCodes.MESSAGE_TOO_BIG, e.closeCode(), e.getMessage());
            assertTrue(seen.events.isEmpty(), "nothing delivered: " + seen.events);
            d.release();
        }
    }

    @Test
    void assemblySpaceFollowsTheBytesThatArrive() throws Exception {
        // a header that announces 1 MiB, then one byte: the decoder holds one pooled buffer, not 1 MiB
        FrameDecoder d = new FrameDecoder(true, 1 << 20, true, BufferSource.allocating(4096));
        byte[] header = Frames.raw(true, 0, OpCode.BINARY.code(), new byte[1], true, 1 << 20);
        d.feed(ByteBuffer.wrap(header), new Seen());
        assertEquals(1, d.bufferedBytes());
        assertEquals(4096, d.heldBytes());
        // 100 KiB more: at most four times what has arrived
        d.feed(ByteBuffer.wrap(new byte[100 * 1024]), new Seen());
        assertTrue(d.heldBytes() <= 4 * d.bufferedBytes(), d.heldBytes() + " held for " + d.bufferedBytes());
        d.release();
        assertEquals(0, d.heldBytes());
    }

    private static void feed(FrameDecoder d, byte[] input, int chunk, Seen seen) throws ProtocolException {
        int step = chunk == 0 ? input.length : chunk;
        for (int i = 0; i < input.length; i += step) {
            d.feed(ByteBuffer.wrap(input, i, Math.min(step, input.length - i)).slice(), seen);
        }
    }

    /** {@code text} as a permessage-deflate payload (without the 00 00 ff ff tail). */
    private static byte[] deflated(String text) {
        Deflater z = new Deflater(6, true);
        z.setInput(text.getBytes());
        byte[] out = new byte[64];
        int n = z.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        z.end();
        return java.util.Arrays.copyOf(out, n - 4);
    }
}
