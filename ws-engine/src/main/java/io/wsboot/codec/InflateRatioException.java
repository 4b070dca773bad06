package io.wsboot.codec;

import io.wsboot.frame.CloseCodes;

/**
 * A compressed message inflated beyond the bound on its ratio (close 1009): what a peer asks of
 * the CPU is capped by what it sends, so that a few small messages cannot keep a loop busy.
 */
public final class InflateRatioException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public InflateRatioException(String message) {
        super(CloseCodes.MESSAGE_TOO_BIG, message);
    }
}
