package io.wsboot.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A parsed HTTP/1.x request head (request line and header fields). Owns its data: nothing
 * refers to the buffer it was parsed from, so it may be kept after the handshake.
 */
public final class HttpRequestHead {
    private final String method;
    private final String target;
    private final int minorVersion;
    private final String[] names;
    private final String[] values;
    private final String rawHeaders;

    HttpRequestHead(String method, String target, int minorVersion, String[] names, String[] values, String rawHeaders) {
        this.method = method;
        this.target = target;
        this.minorVersion = minorVersion;
        this.names = names;
        this.values = values;
        this.rawHeaders = rawHeaders;
    }

    public String method() {
        return method;
    }

    /** The request target as sent (path and query), original casing. */
    public String target() {
        return target;
    }

    /** The x of HTTP/1.x. */
    public int minorVersion() {
        return minorVersion;
    }

    public int headerCount() {
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

    /** The header block, {@code "name: value\r\n"} per header, names lower-cased. */
    public String rawHeaders() {
        return rawHeaders;
    }

    /**
     * Parses {@code buf[0, end)}, which must end with the blank line (see {@link #findEnd}).
     * Strict: CRLF line ends, token header names with no space before the colon, no line folding.
     */
    public static HttpRequestHead parse(byte[] buf, int end) throws HandshakeException {
        int lineEnd = lineEnd(buf, 0, end);
        // request line: METHOD SP TARGET SP HTTP/1.x
        int sp1 = indexOf(buf, 0, lineEnd, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(buf, sp1 + 1, lineEnd, (byte) ' ');
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1) {
            throw bad("malformed request line");
        }
        for (int i = 0; i < sp1; i++) {
            if (!isTokenChar(buf[i])) {
                throw bad("malformed request method");
            }
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            if (buf[i] <= ' ' || buf[i] == 0x7F) {
                throw bad("malformed request target");
            }
        }
        int v = sp2 + 1;
        if (lineEnd - v != 8 || buf[v] != 'H' || buf[v + 1] != 'T' || buf[v + 2] != 'T' || buf[v + 3] != 'P'
                || buf[v + 4] != '/' || !isDigit(buf[v + 5]) || buf[v + 6] != '.' || !isDigit(buf[v + 7])) {
            throw bad("malformed HTTP version");
        }
        if (buf[v + 5] != '1') {
            throw new HandshakeException(505, "HTTP/1.1 required");
        }
        String method = latin1(buf, 0, sp1);
        String target = latin1(buf, sp1 + 1, sp2 - sp1 - 1);
        int minor = buf[v + 7] - '0';

        int headersStart = lineEnd + 2;
        int n = 0;
        for (int i = headersStart; i < end - 2; i = lineEnd(buf, i, end) + 2) {
            n++;
        }
        String[] names = new String[n];
        String[] values = new String[n];
        byte[] raw = Arrays.copyOfRange(buf, headersStart, end - 2);
        int k = 0;
        for (int i = headersStart; i < end - 2; ) {
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
                raw[j - headersStart] = lower(buf[j]);
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
            names[k] = latin1(raw, i - headersStart, colon - i);
            values[k] = latin1(buf, vs, ve - vs);
            k++;
            i = le + 2;
        }
        return new HttpRequestHead(method, target, minor, names, values, latin1(raw, 0, raw.length));
    }

    /**
     * Index just after the blank line ending a request head in {@code buf[0, len)}, or -1 when
     * it is not complete yet. {@code from} lets a caller resume the search after new bytes.
     */
    public static int findEnd(byte[] buf, int from, int len) {
        for (int i = Math.max(from, 3); i < len; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int lineEnd(byte[] buf, int from, int end) throws HandshakeException {
        for (int i = from; i < end - 1; i++) {
            if (buf[i] == '\r') {
                if (buf[i + 1] != '\n') {
                    throw bad("bare CR in request head");
                }
                return i;
            }
            if (buf[i] == '\n') {
                throw bad("bare LF in request head");
            }
        }
        throw bad("unterminated line");
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(byte b) {
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

    private static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static HandshakeException bad(String why) {
        return new HandshakeException(400, why);
    }
}
