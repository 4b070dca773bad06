package io.wsboot.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wsboot.CompressionConfig;
import io.wsboot.deflate.DeflateNegotiation;

/** permessage-deflate negotiation on arbitrary Sec-WebSocket-Extensions headers. */
class NegotiationFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void negotiate(String header) {
        DeflateNegotiation.accept(header, CompressionConfig.serverDefaults()); // declines, never throws
        DeflateNegotiation.accept(header, new CompressionConfig(true, 6, 0, true, true, 10, 9));
        try {
            DeflateNegotiation.clientAccept(header, CompressionConfig.clientDefaults());
        } catch (IllegalArgumentException expected) {
            // a bad answer fails the client's handshake
        }
    }
}
