package io.wsboot.codec;

import io.wsboot.frame.OpCode;
import io.wsboot.support.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static io.wsboot.support.Frames.client;
import static io.wsboot.support.Frames.concat;
import static io.wsboot.support.Frames.fragment;
import static io.wsboot.support.Frames.raw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDecoderTest {
    private static final int MAX = 1 << 16;

    record Event(OpCode type, byte[] data, boolean control) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** Records what the decoder delivers; counts buffers borrowed and returned. */
    static final class Recorder implements FrameDecoder.Listener, BufferSource {
        final List<Event> events = new ArrayList<>();
        int acquired;
        int released;

        @Override
        public boolean onMessage(OpCode type, ByteBuffer buf, int offset, int length) {
            byte[] b = new byte[length];
            buf.get(offset, b);
            events.add(new Event(type, b, false));
            return true;
        }

        @Override
        public boolean onControl(OpCode type, ByteBuffer buf, int offset, int length) {
            byte[] b = new byte[length];
            buf.get(offset, b);
            events.add(new Event(type, b, true));
            return type != OpCode.CLOSE;
        }

        @Override
        public int bufferSize() {
            return 256;
        }

        @Override
        public ByteBuffer acquire() {
            acquired++;
            return ByteBuffer.allocate(256);
        }

        @Override
        public void release(ByteBuffer buffer) {
            released++;
        }
    }

    /** Feeds {@code input} in chunks of {@code chunk} bytes (0 = all at once). */
    static Recorder decode(byte[] original, int chunk, int maxSize, boolean utf8) throws ProtocolException {
        byte[] input = original.clone(); // the decoder unmasks in place
        Recorder r = new Recorder();
        FrameDecoder d = new FrameDecoder(true, maxSize, utf8, r);
        int step = chunk == 0 ? Math.max(1, input.length) : chunk;
        for (int i = 0; i < input.length; i += step) {
            ByteBuffer in = ByteBuffer.wrap(input, i, Math.min(step, input.length - i)).slice();
            if (!d.feed(in, r)) {
                break;
            }
        }
        return r;
    }

    static Recorder decodeAllWays(byte[] input) throws ProtocolException {
        Recorder whole = decode(input, 0, MAX, true);
        for (int chunk : new int[] {1, 2, 3, 7, 13, 100}) {
            Recorder r = decode(input, chunk, MAX, true);
            assertEquals(whole.events.size(), r.events.size(), "chunk " + chunk);
            for (int i = 0; i < r.events.size(); i++) {
                assertEquals(whole.events.get(i).type(), r.events.get(i).type());
                assertArrayEquals(whole.events.get(i).data(), r.events.get(i).data(), "chunk " + chunk + " event " + i);
            }
        }
        return whole;
    }

    static int failure(byte[] input) {
        return failure(input, MAX, true);
    }

    static int failure(byte[] input, int maxSize, boolean utf8) {
        int code = assertThrows(ProtocolException.class, () -> decode(input, 0, maxSize, utf8)).closeCode();
        // the same input fails the same way whatever the read sizes
        for (int chunk : new int[] {1, 5}) {
            assertEquals(code, assertThrows(ProtocolException.class, () -> decode(input, chunk, maxSize, utf8)).closeCode());
        }
        return code;
    }

    @Test
    void decodesTextAndBinaryOfEveryLengthEncoding() throws Exception {
        for (int n : new int[] {0, 1, 125, 126, 127, 65535, 65536}) {
            byte[] payload = Frames.random(n, n);
            Recorder r = decodeAllWays(concat(client(OpCode.BINARY, payload), client(OpCode.TEXT, Frames.text(n))));
            assertEquals(2, r.events.size());
            assertArrayEquals(payload, r.events.get(0).data());
            assertEquals(Frames.text(n), r.events.get(1).text());
        }
    }

    @Test
    void reassemblesFragmentsWithControlFramesInBetween() throws Exception {
        byte[] in = concat(
                fragment(false, OpCode.TEXT, "Hel".getBytes()),
                client(OpCode.PING, "p1"),
                fragment(false, OpCode.CONTINUATION, "lo, ".getBytes()),
                client(OpCode.PONG, "p2"),
                fragment(false, OpCode.CONTINUATION, new byte[0]),
                fragment(true, OpCode.CONTINUATION, "world".getBytes()),
                client(OpCode.BINARY, new byte[] {1, 2, 3}));
        Recorder r = decodeAllWays(in);
        assertEquals(List.of(OpCode.PING, OpCode.PONG, OpCode.TEXT, OpCode.BINARY), r.events.stream().map(Event::type).toList());
        assertEquals("Hello, world", r.events.get(2).text());
    }

    @Test
    void aMultiByteCharacterMaySpanFragments() throws Exception {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] in = concat(
                fragment(false, OpCode.TEXT, new byte[] {euro[0]}),
                fragment(false, OpCode.CONTINUATION, new byte[] {euro[1]}),
                fragment(true, OpCode.CONTINUATION, new byte[] {euro[2]}));
        assertEquals("€", decodeAllWays(in).events.get(0).text());
    }

    @Test
    void closePayloadIsChecked() throws Exception {
        assertEquals(OpCode.CLOSE, decodeAllWays(client(OpCode.CLOSE, new byte[0])).events.get(0).type());
        assertEquals("bye", decodeAllWays(client(OpCode.CLOSE, Frames.closePayload(1000, "bye"))).events.get(0).text().substring(2));
        assertEquals(1002, failure(client(OpCode.CLOSE, new byte[] {3})));
        assertEquals(1007, failure(client(OpCode.CLOSE, concat(Frames.closePayload(1000, ""), new byte[] {(byte) 0xff}))));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void invalidCloseCodesAreProtocolErrors(int code) {
        assertEquals(1002, failure(client(OpCode.CLOSE, Frames.closePayload(code, ""))));
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
    void validCloseCodesPass(int code) throws Exception {
        assertEquals(1, decode(client(OpCode.CLOSE, Frames.closePayload(code, "")), 0, MAX, true).events.size());
    }

    @Test
    void unmaskedClientFrameIs1002() {
        assertEquals(1002, failure(raw(true, 0, 1, "hi".getBytes(), false, 2)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 7})
    void reservedBitsWithoutExtensionAre1002(int rsv) {
        assertEquals(1002, failure(raw(true, rsv, 1, "hi".getBytes(), true, 2)));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void reservedOpcodesAre1002(int opcode) {
        assertEquals(1002, failure(raw(true, 0, opcode, new byte[0], true, 0)));
    }

    @Test
    void fragmentedControlFrameIs1002() {
        assertEquals(1002, failure(raw(false, 0, OpCode.PING.code(), "x".getBytes(), true, 1)));
    }

    @Test
    void oversizedControlFrameIs1002() {
        assertEquals(1002, failure(client(OpCode.PING, new byte[126])));
        assertEquals(1002, failure(client(OpCode.CLOSE, concat(Frames.closePayload(1000, ""), new byte[124]))));
    }

    @Test
    void continuationWithoutStartIs1002() {
        assertEquals(1002, failure(fragment(true, OpCode.CONTINUATION, "x".getBytes())));
    }

    @Test
    void newDataFrameInsideFragmentedMessageIs1002() {
        assertEquals(1002, failure(concat(fragment(false, OpCode.TEXT, "a".getBytes()), client(OpCode.TEXT, "b"))));
        assertEquals(1002, failure(concat(fragment(false, OpCode.BINARY, new byte[1]), fragment(false, OpCode.BINARY, new byte[1]))));
    }

    @Test
    void negative64BitLengthIs1002() {
        byte[] f = HexFormat.of().parseHex("82ff8000000000000000" + "00000000");
        assertEquals(1002, failure(f));
    }

    @Test
    void invalidUtf8Is1007() {
        assertEquals(1007, failure(client(OpCode.TEXT, new byte[] {'a', (byte) 0xC0, (byte) 0x80})));
        // cut inside a character at the end of the message
        assertEquals(1007, failure(client(OpCode.TEXT, new byte[] {'a', (byte) 0xE2, (byte) 0x82})));
        assertEquals(1007, failure(concat(fragment(false, OpCode.TEXT, new byte[] {(byte) 0xE2}),
                fragment(true, OpCode.CONTINUATION, new byte[] {(byte) 0x82}))));
    }

    @Test
    void invalidUtf8FailsBeforeTheMessageEnds() {
        // first fragment invalid; the final fragment never comes: still fails
        byte[] in = fragment(false, OpCode.TEXT, new byte[] {'o', 'k', (byte) 0xFF});
        assertEquals(1007, failure(in));
        // a long single frame: the invalid byte arrives in the first chunk of many
        byte[] payload = new byte[10_000];
        payload[3] = (byte) 0xFF;
        byte[] f = client(OpCode.TEXT, payload);
        byte[] firstChunk = java.util.Arrays.copyOf(f, 100);
        assertEquals(1007, assertThrows(ProtocolException.class, () -> decode(firstChunk, 0, MAX, true)).closeCode());
    }

    @Test
    void utf8CheckCanBeTurnedOff() throws Exception {
        Recorder r = decode(client(OpCode.TEXT, new byte[] {(byte) 0xFF}), 0, MAX, false);
        assertEquals(1, r.events.size());
    }

    @Test
    void tooBigIs1009FromTheHeaderAlone() {
        // only the header is sent: the announced length already exceeds max-size
        byte[] header = java.util.Arrays.copyOf(raw(true, 0, 2, new byte[0], true, 1000), 2 + 2 + 4);
        assertEquals(1009, failure(header, 999, true));
        // fragments adding up past max-size
        assertEquals(1009, failure(concat(fragment(false, OpCode.BINARY, new byte[600]),
                fragment(true, OpCode.CONTINUATION, new byte[400])), 999, true));
        assertEquals(1009, failure(raw(true, 0, 2, new byte[0], true, 1L << 40), 999, true));
    }

    @Test
    void wholeFramesInOneReadBorrowNothingAndPartialOnesGiveBack() throws Exception {
        Recorder r = decode(concat(client(OpCode.TEXT, "a"), client(OpCode.BINARY, new byte[200])), 0, MAX, true);
        assertEquals(0, r.acquired);
        r = decode(client(OpCode.BINARY, new byte[200]), 50, 256, true);
        assertEquals(1, r.events.size());
        assertEquals(1, r.acquired);
        assertEquals(1, r.released);
    }

    @Test
    void maxSizeEqualToBufferSizeNeverAllocatesBeyondThePool() throws Exception {
        // 256-byte messages in 10-byte reads, with max-size = buffer-size = 256
        Random rnd = new Random(5);
        byte[][] frames = new byte[50][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = client(OpCode.BINARY, Frames.random(rnd.nextInt(257), i));
        }
        Recorder r = decode(concat(frames), 10, 256, true);
        assertEquals(50, r.events.size());
        assertEquals(r.acquired, r.released);
    }

    @Test
    void stopsWhenTheListenerSaysSo() throws Exception {
        byte[] in = concat(client(OpCode.CLOSE, new byte[0]), client(OpCode.TEXT, "after"));
        Recorder r = new Recorder();
        FrameDecoder d = new FrameDecoder(true, MAX, true, r);
        ByteBuffer buf = ByteBuffer.wrap(in);
        assertEquals(false, d.feed(buf, r));
        assertEquals(1, r.events.size());
        assertEquals(2 + 4, buf.position());
    }

    @Test
    void clientSideRejectsMaskedServerFrames() {
        FrameDecoder d = new FrameDecoder(false, MAX, true, BufferSource.allocating(256));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> d.feed(ByteBuffer.wrap(client(OpCode.TEXT, "x")), new Recorder()));
        assertEquals(1002, e.closeCode());
        assertTrue(e.getMessage().contains("masked"));
    }
}
