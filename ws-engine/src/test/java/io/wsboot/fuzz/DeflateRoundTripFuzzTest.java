package io.wsboot.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wsboot.deflate.MessageDeflater;
import io.wsboot.deflate.MessageInflater;
import io.wsboot.deflate.ZlibPool;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Compress-then-inflate round trips of arbitrary data, with any window and context takeover on or off. */
class DeflateRoundTripFuzzTest {
    private static final ZlibPool POOL = new ZlibPool(6, 4);

    @FuzzTest(maxDuration = "15s")
    void roundTrip(FuzzedDataProvider data) throws Exception {
        int bits = data.consumeInt(8, 15);
        boolean takeover = data.consumeBoolean();
        byte[] message = data.consumeRemainingAsBytes();
        MessageDeflater deflater = new MessageDeflater(POOL, takeover, bits, 6);
        MessageInflater inflater = new MessageInflater(POOL, takeover);
        try {
            for (int round = 0; round < 2; round++) {
                ByteBuffer z = deflater.compress(ByteBuffer.wrap(message), ByteBuffer.allocate(64));
                inflater.input(z);
                ByteBuffer out = ByteBuffer.allocate(message.length + 64);
                while (inflater.inflate(out) > 0 || !inflater.needsInput()) {
                    if (!out.hasRemaining()) {
                        throw new AssertionError("inflates to more than was compressed");
                    }
                }
                inflater.inputTail();
                while (inflater.inflate(out) > 0) {
                    if (!out.hasRemaining()) {
                        throw new AssertionError("inflates to more than was compressed");
                    }
                }
                inflater.endMessage();
                if (!Arrays.equals(message, Arrays.copyOf(out.array(), out.position()))) {
                    throw new AssertionError("round trip changed the message (bits " + bits + ", takeover " + takeover + ")");
                }
            }
        } finally {
            deflater.release();
            inflater.release();
        }
    }
}
