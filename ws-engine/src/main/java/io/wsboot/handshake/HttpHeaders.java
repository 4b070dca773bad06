package io.wsboot.handshake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The header fields of an HTTP/1.x request or response head, parsed strictly: CRLF line ends,
 * token names with no space before the colon, no line folding, no control characters in values.
 * Names are lower-cased, values keep their casing. Owns its data.
 */
public final class HttpHeaders {
    private final String[] names;
    private final String[] values;
    private final String raw;

    private HttpHeaders(String[] names, String[] values, String raw) {
        this.names = names;
        this.values = values;
        this.raw = raw;
    }

    /**
     * Parses the header lines in {@code buf[from, end)}, where {@code end} is just after the
     * blank line that ends the head.
     */
    static HttpHeaders parse(byte[] buf, int from, int end) throws HandshakeException {
        int n = 0;
        for (int i = from; i < end - 2; i = lineEnd(buf, i, end) + 2) {
            n++;
        }
        String[] names = new String[n];
        String[] values = new String[n];
        byte[] raw = Arrays.copyOfRange(buf, from, end - 2);
        int k = 0;
        for (int i = from; i < end - 2; ) {
            int le = lineEnd(buf, i, end);
            if (buf[i] == ' ' || buf[i] == '\t') {
                throw bad("folded header line");
            }
            int colon = indexOf(buf, i, le, (byte) ':');
            if (colon <= i) {
                throw bad("malformed header line");
            }
            for (int j = i; j < colon; j++) {
                if (!isTokenChar(buf[j])) {
                    throw bad("malformed header name");
                }
                raw[j - from] = lower(buf[j]);
            }
            int vs = colon + 1;
            int ve = le;
            while (vs < ve && (buf[vs] == ' ' || buf[vs] == '\t')) {
                vs++;
            }
            while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                ve--;
            }
            for (int j = vs; j < ve; j++) {
                if ((buf[j] < ' ' && buf[j] != '\t') || buf[j] == 0x7F) {
                    throw bad("control character in header value");
                }
            }
            names[k] = latin1(raw, i - from, colon - i);
            values[k] = latin1(buf, vs, ve - vs);
            k++;
            i = le + 2;
        }
        return new HttpHeaders(names, values, latin1(raw, 0, raw.length));
    }

    public int size() {
        return names.length;
    }

    /** Name of header {@code i}, lower-cased. */
    public String name(int i) {
        return names[i];
    }

    /** Value of header {@code i}, original casing, surrounding whitespace removed. */
    public String value(int i) {
        return values[i];
    }

    /** First value of the header named {@code lowerName}, or null. */
    public String first(String lowerName) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(lowerName)) {
                return values[i];
            }
        }
        return null;
    }

    /** How many times the header named {@code lowerName} appears. */
    public int count(String lowerName) {
        int n = 0;
        for (String s : names) {
            if (s.equals(lowerName)) {
                n++;
            }
        }
        return n;
    }

    /** Whether any header {@code lowerName} holds {@code token} in its comma-separated list (case-insensitive). */
    public boolean hasToken(String lowerName, String token) {
        for (String t : tokens(lowerName)) {
            if (t.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** The comma-separated elements of every header {@code lowerName}, trimmed, in order. */
    public List<String> tokens(String lowerName) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(lowerName)) {
                for (String t : values[i].split(",")) {
                    String s = t.trim();
                    if (!s.isEmpty()) {
                        out.add(s);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** Every value of header {@code lowerName} joined with ", ", or null. */
    public String joined(String lowerName) {
        StringBuilder sb = null;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(lowerName)) {
                sb = sb == null ? new StringBuilder() : sb.append(", ");
                sb.append(values[i]);
            }
        }
        return sb == null ? null : sb.toString();
    }

    /** The header block, {@code "name: value\r\n"} per header, names lower-cased. */
    public String raw() {
        return raw;
    }

    // --- shared by the head parsers ---

    /**
     * Index just after the blank line ending a head in {@code buf[0, len)}, or -1 when it is
     * not complete yet. {@code from} lets a caller resume the search after new bytes.
     */
    public static int findEnd(byte[] buf, int from, int len) {
        for (int i = Math.max(from, 3); i < len; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    static int lineEnd(byte[] buf, int from, int end) throws HandshakeException {
        for (int i = from; i < end - 1; i++) {
            if (buf[i] == '\r') {
                if (buf[i + 1] != '\n') {
                    throw bad("bare CR in head");
                }
                return i;
            }
            if (buf[i] == '\n') {
                throw bad("bare LF in head");
            }
        }
        throw bad("unterminated line");
    }

    static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    /** RFC 7230 tchar. */
    static boolean isTokenChar(byte b) {
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || isDigit(b)) {
            return true;
        }
        return b > ' ' && b < 0x7F && "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }

    static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    static HandshakeException bad(String why) {
        return new HandshakeException(400, why);
    }
}
