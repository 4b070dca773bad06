package io.wsboot.spring.autoconfigure.metrics;

/**
 * A close code as a tag value. A client chooses the code it closes with, and 3000-4999 are
 * theirs to pick: tagging each as itself would let one client create two thousand series per
 * path. The codes RFC 6455 and IANA name stay themselves; the application ranges become
 * {@code 3xxx} and {@code 4xxx}; anything else {@code other}.
 */
public final class CloseCodeTag {
    private static final String[] NAMED = new String[1016 - 1000];

    static {
        for (int i = 0; i < NAMED.length; i++) {
            NAMED[i] = Integer.toString(1000 + i);
        }
    }

    private CloseCodeTag() {
    }

    /** The tag value of {@code code}, without allocating. */
    public static String of(int code) {
        if (code >= 1000 && code < 1016) {
            return NAMED[code - 1000];
        }
        if (code >= 3000 && code < 4000) {
            return "3xxx";
        }
        if (code >= 4000 && code < 5000) {
            return "4xxx";
        }
        return "other";
    }
}
