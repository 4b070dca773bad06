package io.wsboot.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wsboot.handshake.HandshakeException;
import io.wsboot.handshake.HttpRequestHead;
import io.wsboot.handshake.UpgradeRequest;

/** The handshake parser on arbitrary bytes: a HandshakeException (an HTTP error answer) or a request, nothing else. */
class HandshakeFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void parse(byte[] data) {
        int end = HttpRequestHead.findEnd(data, 0, data.length);
        if (end < 0) {
            return;
        }
        try {
            UpgradeRequest r = UpgradeRequest.validate(HttpRequestHead.parse(data, end));
            r.path();
        } catch (HandshakeException e) {
            if (e.status() < 400 || e.status() > 599) {
                throw new AssertionError("status " + e.status());
            }
        }
    }
}
