package io.wsboot.deflate;

import io.wsboot.codec.BufferSource;
import io.wsboot.codec.FrameDecoder;
import io.wsboot.codec.ProtocolException;
import io.wsboot.frame.OpCode;
import io.wsboot.support.Frames;
import io.wsboot.support.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compressed messages through the real decoder: context takeover, fragments, windows, bombs, RSV rules. */
class CompressedFramingTest {
    private final ZlibPool pool = new ZlibPool(6, 2);

    /** Text that compresses well: JSON-like records. */
    static String json(int bytes, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("[");
        while (sb.length() < bytes) {
            sb.append("{\"id\":").append(r.nextInt(100000)).append(",\"name\":\"user").append(r.nextInt(1000))
                    .append("\",\"active\":").append(r.nextBoolean()).append(",\"tags\":[\"a\",\"b\"]},");
        }
        return sb.substring(0, bytes);
    }

    record Got(OpCode type, byte[] data) {
    }

    static final class Collect implements FrameDecoder.Listener {
        final List<Got> got = new ArrayList<>();

        @Override
        public boolean onMessage(OpCode type, ByteBuffer buf, int offset, int length) {
            byte[] b = new byte[length];
            buf.get(offset, b);
            got.add(new Got(type, b));
            return true;
        }

        @Override
        public boolean onControl(OpCode type, ByteBuffer buf, int offset, int length) {
            got.add(new Got(type, new byte[0]));
            return true;
        }
    }

    private FrameDecoder decoder(int maxSize, boolean peerKeepsContext) {
        FrameDecoder d = new FrameDecoder(true, maxSize, true, BufferSource.allocating(4096));
        d.enableInflation(new MessageInflater(pool, peerKeepsContext), 0);
        return d;
    }

    private static byte[] compress(MessageDeflater deflater, byte[] data) {
        ByteBuffer z = deflater.compress(ByteBuffer.wrap(data), ByteBuffer.allocate(16));
        return Arrays.copyOf(z.array(), z.limit());
    }

    private static List<Got> feed(FrameDecoder d, byte[] wire, int chunk) throws ProtocolException {
        Collect c = new Collect();
        for (int i = 0; i < wire.length; i += chunk) {
            d.feed(ByteBuffer.wrap(wire, i, Math.min(chunk, wire.length - i)).slice(), c);
        }
        return c.got;
    }

    private static byte[] compressedFrame(OpCode op, byte[] z) {
        return Frames.raw(true, 4, op.code(), z, true, z.length);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void roundTripsManyMessagesWithAndWithoutContextTakeover(boolean takeover) throws Exception {
        MessageDeflater deflater = new MessageDeflater(pool, takeover, 15, 6);
        FrameDecoder d = decoder(1 << 20, takeover);
        List<byte[]> sent = new ArrayList<>();
        List<byte[]> wire = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < 20; i++) {
            byte[] m = json(100 + i * 500, 7).getBytes(StandardCharsets.UTF_8); // similar messages: context pays
            byte[] z = compress(deflater, m);
            total += z.length;
            sent.add(m);
            wire.add(compressedFrame(OpCode.TEXT, z));
        }
        for (int chunk : new int[] {1 << 20, 7}) {
            FrameDecoder dd = chunk == 7 ? decoder(1 << 20, takeover) : d;
            List<Got> got = feed(dd, Frames.concat(wire.toArray(byte[][]::new)), chunk);
            assertEquals(20, got.size());
            for (int i = 0; i < 20; i++) {
                assertArrayEquals(sent.get(i), got.get(i).data(), "message " + i + " chunk " + chunk);
            }
            if (chunk == 7) {
                break;
            }
        }
        int raw = sent.stream().mapToInt(b -> b.length).sum();
        assertTrue(total < raw / 3, "compressed " + total + " of " + raw);
        deflater.release();
        assertEquals(0, pool.borrowed(), takeover ? "own deflater, nothing borrowed" : "pooled ones given back");
    }

    @Test
    void fragmentedCompressedMessageWithAPingInBetween() throws Exception {
        byte[] m = json(5000, 1).getBytes(StandardCharsets.UTF_8);
        byte[] z = compress(new MessageDeflater(pool, false, 15, 6), m);
        int a = z.length / 3;
        int b = 2 * z.length / 3;
        byte[] wire = Frames.concat(
                Frames.raw(false, 4, OpCode.TEXT.code(), Arrays.copyOfRange(z, 0, a), true, a),
                Frames.client(OpCode.PING, "p"),
                Frames.raw(false, 0, 0, Arrays.copyOfRange(z, a, b), true, b - a),
                Frames.raw(true, 0, 0, Arrays.copyOfRange(z, b, z.length), true, z.length - b));
        List<Got> got = feed(decoder(1 << 16, false), wire, 5);
        assertEquals(OpCode.PING, got.get(0).type());
        assertArrayEquals(m, got.get(1).data());
        assertEquals(0, pool.borrowed());
    }

    @Test
    void uncompressedMessagesStillPass() throws Exception {
        List<Got> got = feed(decoder(1024, false), Frames.client(OpCode.TEXT, "plain"), 100);
        assertEquals("plain", new String(got.get(0).data(), StandardCharsets.UTF_8));
    }

    @Test
    void emptyCompressedMessage() throws Exception {
        byte[] z = compress(new MessageDeflater(pool, false, 15, 6), new byte[0]);
        List<Got> got = feed(decoder(1024, false), compressedFrame(OpCode.BINARY, z), 100);
        assertEquals(0, got.get(0).data().length);
    }

    @Test
    void rsvRules() {
        byte[] z = compress(new MessageDeflater(pool, false, 15, 6), "x".repeat(300).getBytes());
        // RSV1 without permessage-deflate
        FrameDecoder plain = new FrameDecoder(true, 1024, true, BufferSource.allocating(1024));
        assertEquals(1002, assertThrows(ProtocolException.class,
                () -> plain.feed(ByteBuffer.wrap(compressedFrame(OpCode.TEXT, z)), new Collect())).closeCode());
        // RSV1 on a continuation frame
        byte[] cont = Frames.concat(Frames.raw(false, 4, 1, Arrays.copyOf(z, 2), true, 2), Frames.raw(true, 4, 0, new byte[1], true, 1));
        assertEquals(1002, assertThrows(ProtocolException.class, () -> feed(decoder(1024, false), cont, 100)).closeCode());
        // RSV1 on a control frame
        assertEquals(1002, assertThrows(ProtocolException.class,
                () -> feed(decoder(1024, false), Frames.raw(true, 4, OpCode.PING.code(), new byte[0], true, 0), 100)).closeCode());
        // RSV2 and RSV3 stay reserved
        assertEquals(1002, assertThrows(ProtocolException.class,
                () -> feed(decoder(1024, false), Frames.raw(true, 2, 1, new byte[0], true, 0), 100)).closeCode());
    }

    @Test
    void decompressionBombStopsAtMaxSize() throws Exception {
        byte[] zeros = new byte[50 << 20]; // 50 MiB of zeros deflate to ~50 KiB
        byte[] z = compress(new MessageDeflater(pool, false, 15, 9), zeros);
        assertTrue(z.length < 100_000, "bomb is small: " + z.length);
        FrameDecoder d = decoder(64 * 1024, false);
        long t0 = System.nanoTime();
        ProtocolException e = assertThrows(ProtocolException.class, () -> feed(d, compressedFrame(OpCode.BINARY, z), 1 << 20));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1009, e.closeCode());
        assertTrue(e.getMessage().contains("decompresses to more than max-size"), e.getMessage());
        assertTrue(ms < 2000, "stopped early: " + ms + " ms");
        assertEquals(64 * 1024, d.bufferedBytes(), "never held more than max-size");
    }

    @Test
    void garbageAndBadUtf8InsideCompressedData() throws Exception {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3};
        assertEquals(1007, assertThrows(ProtocolException.class,
                () -> feed(decoder(1024, false), compressedFrame(OpCode.BINARY, garbage), 100)).closeCode());
        byte[] bad = new byte[400];
        Arrays.fill(bad, (byte) 'a');
        bad[10] = (byte) 0xC0;
        byte[] z = compress(new MessageDeflater(pool, false, 15, 6), bad);
        assertEquals(1007, assertThrows(ProtocolException.class,
                () -> feed(decoder(1024, false), compressedFrame(OpCode.TEXT, z), 100)).closeCode());
    }

    @Test
    void incompressibleMessageSlightlyOverMaxSizeCompressedIsAccepted() throws Exception {
        byte[] random = Frames.random(8192, 3);
        Deflater d = new Deflater(0, true); // stored blocks: bigger than the input
        d.setInput(random);
        byte[] out = new byte[9000];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        byte[] z = Arrays.copyOf(out, n - 4);
        assertTrue(z.length > 8192);
        List<Got> got = feed(decoder(8192, false), compressedFrame(OpCode.BINARY, z), 1000);
        assertArrayEquals(random, got.get(0).data());
    }

    /** Windows 9..15: what we compress must inflate with a zlib limited to that window (Python's zlib checks it). */
    @Test
    void smallWindowsAreHonoured(@TempDir Path dir) throws Exception {
        byte[] m = (json(200_000, 9) + json(200_000, 9)).getBytes(StandardCharsets.UTF_8); // long-distance repeats
        StringBuilder script = new StringBuilder("import zlib, sys\n");
        for (int bits = 9; bits <= 15; bits++) {
            MessageDeflater deflater = new MessageDeflater(pool, true, bits, 6);
            byte[] z = compress(deflater, m);
            Files.write(dir.resolve("m" + bits + ".z"), z);
            script.append("d = zlib.decompressobj(-").append(bits).append(")\n")
                    .append("out = d.decompress(open(sys.argv[1] + '/m").append(bits).append(".z','rb').read() + b'\\x00\\x00\\xff\\xff')\n")
                    .append("assert out == open(sys.argv[1] + '/plain','rb').read(), ").append(bits).append("\n")
                    .append("print('ok', ").append(bits).append(", len(out))\n");
            // and our own inflater reads it too
            List<Got> got = feed(decoder(1 << 20, false), compressedFrame(OpCode.TEXT, z), 65536);
            assertArrayEquals(m, got.get(0).data(), "bits " + bits);
        }
        Files.write(dir.resolve("plain"), m);
        Path py = dir.resolve("check.py");
        Files.writeString(py, script);
        Processes.Result r = Processes.run(List.of(Processes.python(), py.toString(), dir.toString()), 60);
        assertEquals(0, r.exit(), r.output());
        for (int bits = 9; bits <= 15; bits++) {
            assertTrue(r.output().contains("ok " + bits + " " + m.length), r.output());
        }
    }
}
