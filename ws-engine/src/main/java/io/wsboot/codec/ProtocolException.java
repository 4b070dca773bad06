package io.wsboot.codec;

/**
 * The peer broke the protocol. Carries the close code the connection is failed with
 * (1002 protocol error, 1007 invalid UTF-8, 1009 too big). Thrown without a stack trace:
 * it is an expected outcome of bad input, not a bug, and a hostile peer can cause many.
 */
public class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int closeCode;

    public ProtocolException(int closeCode, String message) {
        super(message, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
