package io.wsboot.frame;

/** Close status codes (RFC 6455 section 7.4 and the IANA registry) and the rule for which may be sent. */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never on the wire: a close frame without a code. */
    public static final int NO_STATUS = 1005;
    /** Never on the wire: the connection ended without a close frame. */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int MANDATORY_EXTENSION = 1010;
    public static final int INTERNAL_ERROR = 1011;
    public static final int SERVICE_RESTART = 1012;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int BAD_GATEWAY = 1014;

    private CloseCodes() {
    }

    /**
     * Whether {@code code} may appear in a close frame: the registered codes 1000-1003 and
     * 1007-1014, and 3000-4999 (libraries, frameworks and applications). 1004-1006 and 1015 are
     * reserved and must never be sent.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }
}
