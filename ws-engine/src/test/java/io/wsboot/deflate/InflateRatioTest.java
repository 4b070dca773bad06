package io.wsboot.deflate;

import io.wsboot.CompressionConfig;
import io.wsboot.codec.BufferSource;
import io.wsboot.codec.FrameDecoder;
import io.wsboot.codec.InflateRatioException;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import io.wsboot.server.WsServer;
import io.wsboot.support.Frames;
import io.wsboot.support.LocalServer;
import io.wsboot.support.RawClient;
import io.wsboot.support.Recorder;
import io.wsboot.support.Trips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compressed message may inflate to at most max-inflate-ratio times its size: a 1 KB message
 * that inflates to 1 MB is refused with 1009 as it inflates (before the megabyte is made), while
 * text and JSON, which compress ten or twenty times, pass.
 */
class InflateRatioTest {
    private static final ZlibPool ZLIB = new ZlibPool(6, 4);
    private final Recorder echo = new Recorder();
    private final Trips limits = new Trips();

    @RegisterExtension
    final LocalServer server = new LocalServer();

    /** {@code payload} deflated as permessage-deflate sends it (the 00 00 ff ff tail removed). */
    static byte[] deflate(byte[] payload) {
        Deflater z = new Deflater(9, true);
        z.setInput(payload);
        byte[] out = new byte[payload.length + 1024];
        int n = z.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        z.end();
        return java.util.Arrays.copyOf(out, n - 4);
    }

    private static FrameDecoder decoder(int maxSize, int ratio) {
        FrameDecoder d = new FrameDecoder(true, maxSize, true, BufferSource.allocating(4096));
        d.enableInflation(new MessageInflater(ZLIB, false), ratio);
        return d;
    }

    private static final FrameDecoder.Listener IGNORE = new FrameDecoder.Listener() {
        @Override
        public boolean onMessage(OpCode type, ByteBuffer buf, int offset, int length) {
            return true;
        }

        @Override
        public boolean onControl(OpCode type, ByteBuffer buf, int offset, int length) {
            return true;
        }
    };

    @Test
    void aBombIsRefusedAsItInflates() {
        byte[] bomb = deflate(new byte[1 << 20]); // 1 MiB of zeros: about a kilobyte compressed
        assertTrue(bomb.length < 2048, bomb.length + " bytes");
        FrameDecoder d = decoder(1 << 21, CompressionConfig.DEFAULT_MAX_INFLATE_RATIO);
        byte[] frame = Frames.raw(true, 4, OpCode.BINARY.code(), bomb, true, bomb.length);
        InflateRatioException e = assertThrows(InflateRatioException.class, () -> d.feed(ByteBuffer.wrap(frame), IGNORE));
        assertEquals(CloseCodes.MESSAGE_TOO_BIG, e.closeCode());
        assertTrue(d.heldBytes() < 512 * 1024, "refused long before the megabyte: " + d.heldBytes());
        d.release();
    }

    @Test
    void textAndJsonPassAndTheBoundCanBeLifted() throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            json.append("{\"id\":").append(i).append(",\"name\":\"user ").append(i * 7919 % 1000).append("\",\"online\":").append(i % 3 == 0).append("},");
        }
        byte[] payload = json.append("{}]").toString().getBytes();
        byte[] z = deflate(payload);
        assertTrue(payload.length / z.length < CompressionConfig.DEFAULT_MAX_INFLATE_RATIO, "ratio " + payload.length / z.length);
        decoder(1 << 20, CompressionConfig.DEFAULT_MAX_INFLATE_RATIO).feed(ByteBuffer.wrap(Frames.raw(true, 4, 1, z, true, z.length)), IGNORE);
        byte[] bomb = deflate(new byte[1 << 20]);
        decoder(1 << 21, 0).feed(ByteBuffer.wrap(Frames.raw(true, 4, 2, bomb, true, bomb.length)), IGNORE); // 0: no bound
    }

    @Test
    void theServerClosesABombWith1009AndCountsIt() throws Exception {
        int port = server.start(WsServer.builder().maxSize(4 << 20).handler("/echo", echo).observer(limits));
        try (RawClient c = RawClient.open(port, "/echo", "Sec-WebSocket-Extensions: permessage-deflate")) {
            byte[] bomb = deflate(new byte[4 << 20]);
            c.send(Frames.raw(true, 4, OpCode.BINARY.code(), bomb, true, bomb.length));
            RawClient.Frame close = c.readClose();
            assertEquals(1009, close.closeCode());
            assertTrue(close.closeReason().contains("max-inflate-ratio"), close.closeReason());
        }
        assertEquals(1009, echo.awaitClosed().closeCode());
        assertEquals(List.of("INFLATE_RATIO"), limits.seen);
    }
}
