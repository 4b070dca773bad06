package io.wsboot.transport;

import io.wsboot.codec.FrameDecoder;
import io.wsboot.codec.FrameWriter;
import io.wsboot.codec.MaskKeys;
import io.wsboot.codec.ProtocolException;
import io.wsboot.frame.OpCode;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client's queue masks what it frames: small frames in one chunk, and frames larger than a
 * chunk copied across several with the key's phase carried over. A server's decoder, which
 * requires masked frames, reads back every payload.
 */
class OutboundMaskingTest {

    @Test
    void framesOfEverySizeAreMaskedAndDecodeBack() throws ProtocolException, java.io.IOException {
        MemoryBudget budget = new MemoryBudget(1 << 30);
        BufferPool chunks = new BufferPool(EventLoop.CHUNK_SIZE, false, 4, budget);
        Wire wire = new Wire();
        Outbound out = new Outbound(wire, chunks, budget, new MaskKeys());
        Random random = new Random(7);
        List<byte[]> sent = new ArrayList<>();
        ByteBuffer scratch = ByteBuffer.allocate(16);
        for (int size : new int[] {0, 1, 7, 125, 126, 4096, EventLoop.CHUNK_SIZE - 20, EventLoop.CHUNK_SIZE + 3, 40_001, 65_535}) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            sent.add(payload);
            out.putFrame(FrameWriter.firstByte(true, 0, OpCode.BINARY), ByteBuffer.wrap(payload), 0, size, scratch);
        }
        out.putText(FrameWriter.firstByte(true, 0, OpCode.TEXT), "masked text", 11, scratch);
        assertTrue(out.flush(new ByteBuffer[16]));
        assertEquals(0, chunks.borrowed(), "sent chunks go back to the pool");

        List<byte[]> got = new ArrayList<>();
        FrameDecoder server = new FrameDecoder(true, 1 << 20, true, new BufferPool(4096, false, 1, budget));
        server.feed(ByteBuffer.wrap(wire.bytes.toByteArray()), new FrameDecoder.Listener() {
            @Override
            public boolean onMessage(OpCode type, ByteBuffer buf, int offset, int length) {
                byte[] b = new byte[length];
                buf.get(offset, b);
                got.add(b);
                return true;
            }

            @Override
            public boolean onControl(OpCode type, ByteBuffer buf, int offset, int length) {
                return true;
            }
        });
        assertEquals(sent.size() + 1, got.size());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), got.get(i), "payload of " + sent.get(i).length + " bytes");
        }
        assertEquals("masked text", new String(got.get(sent.size()), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A transport that takes everything into one byte stream. */
    private static final class Wire implements Transport {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public int read(ByteBuffer dst) {
            return -1;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            bytes.write(b, 0, n);
            return n;
        }

        @Override
        public boolean flushPending() {
            return true;
        }

        @Override
        public boolean hasBufferedInput() {
            return false;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public boolean allowsDirectWrites() {
            return true;
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void release() {
        }
    }
}
