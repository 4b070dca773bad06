package io.wsboot.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wsboot.codec.BufferSource;
import io.wsboot.codec.FrameDecoder;
import io.wsboot.codec.ProtocolException;
import io.wsboot.deflate.MessageInflater;
import io.wsboot.deflate.ZlibPool;
import io.wsboot.frame.OpCode;

import java.nio.ByteBuffer;

/**
 * The frame decoder (masking, UTF-8, assembly, and the permessage-deflate path) on arbitrary
 * bytes in arbitrary read sizes: it may deliver messages or throw {@link ProtocolException}
 * with a close code; anything else (another exception, a message over max-size, a hang) fails.
 */
class FrameFuzzTest {
    private static final int MAX = 4096;
    private static final ZlibPool POOL = new ZlibPool(6, 4);

    @FuzzTest(maxDuration = "15s")
    void decode(FuzzedDataProvider data) {
        boolean server = data.consumeBoolean();
        boolean deflate = data.consumeBoolean();
        boolean utf8 = data.consumeBoolean();
        int chunk = data.consumeInt(1, 600);
        byte[] input = data.consumeRemainingAsBytes();
        FrameDecoder d = new FrameDecoder(server, MAX, utf8, BufferSource.allocating(512));
        if (deflate) {
            d.enableInflation(new MessageInflater(POOL, data.remainingBytes() % 2 == 0), 100);
        }
        FrameDecoder.Listener check = new FrameDecoder.Listener() {
            @Override
            public boolean onMessage(OpCode type, ByteBuffer buf, int offset, int length) {
                if (length > MAX || !type.isData()) {
                    throw new AssertionError("delivered " + type + " of " + length + " bytes");
                }
                return true;
            }

            @Override
            public boolean onControl(OpCode type, ByteBuffer buf, int offset, int length) {
                if (length > 125 || !type.isControl()) {
                    throw new AssertionError("control " + type + " of " + length + " bytes");
                }
                return type != OpCode.CLOSE;
            }
        };
        try {
            for (int i = 0; i < input.length; i += chunk) {
                if (!d.feed(ByteBuffer.wrap(input, i, Math.min(chunk, input.length - i)).slice(), check)) {
                    break;
                }
                if (d.bufferedBytes() > MAX) {
                    throw new AssertionError("holds " + d.bufferedBytes() + " bytes, over max-size");
                }
            }
        } catch (ProtocolException e) {
            int code = e.closeCode();
            if (code != 1002 && code != 1007 && code != 1009) {
                throw new AssertionError("close code " + code, e);
            }
        } finally {
            d.release();
        }
    }
}
