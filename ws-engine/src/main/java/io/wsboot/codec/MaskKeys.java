package io.wsboot.codec;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Masking keys for a client's frames. They must be unpredictable (RFC 6455 10.3): a per-client
 * SHA1PRNG seeded from the system's source, drawn 64 keys at a time. The system source itself
 * (NativePRNG) reads a device under a global lock: too slow to draw on per frame. One per
 * connection; synchronized, since threads other than the loop frame their own writes.
 */
public final class MaskKeys {
    private static final SecureRandom SYSTEM = new SecureRandom();
    private SecureRandom random;
    private final byte[] keys = new byte[4 * 64];
    private int at = keys.length;

    /** The next frame's key. */
    public synchronized int next() {
        if (at == keys.length) {
            if (random == null) {
                random = seeded(); // at the first frame: a connection that only listens needs none
            }
            random.nextBytes(keys);
            at = 0;
        }
        int k = ((keys[at] & 0xFF) << 24) | ((keys[at + 1] & 0xFF) << 16) | ((keys[at + 2] & 0xFF) << 8) | (keys[at + 3] & 0xFF);
        at += 4;
        return k;
    }

    private static SecureRandom seeded() {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            byte[] seed = new byte[32];
            SYSTEM.nextBytes(seed);
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            return SYSTEM;
        }
    }
}
