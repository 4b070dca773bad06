package io.wsboot.handshake;

import static io.wsboot.handshake.HttpHeaders.bad;
import static io.wsboot.handshake.HttpHeaders.indexOf;
import static io.wsboot.handshake.HttpHeaders.isDigit;
import static io.wsboot.handshake.HttpHeaders.isTokenChar;
import static io.wsboot.handshake.HttpHeaders.latin1;
import static io.wsboot.handshake.HttpHeaders.lineEnd;

/**
 * A parsed HTTP/1.x request head: request line and {@link HttpHeaders}. Owns its data: nothing
 * refers to the buffer it was parsed from, so it may be kept after the handshake.
 */
public final class HttpRequestHead {
    private final String method;
    private final String target;
    private final int minorVersion;
    private final HttpHeaders headers;

    private HttpRequestHead(String method, String target, int minorVersion, HttpHeaders headers) {
        this.method = method;
        this.target = target;
        this.minorVersion = minorVersion;
        this.headers = headers;
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

    public HttpHeaders headers() {
        return headers;
    }

    /** First value of the header named {@code lowerName}, or null. */
    public String first(String lowerName) {
        return headers.first(lowerName);
    }

    /** The header block, {@code "name: value\r\n"} per header, names lower-cased. */
    public String rawHeaders() {
        return headers.raw();
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
        if (lineEnd - v != 8 || !isHttpVersion(buf, v)) {
            throw bad("malformed HTTP version");
        }
        if (buf[v + 5] != '1') {
            throw new HandshakeException(505, "HTTP/1.1 required");
        }
        return new HttpRequestHead(latin1(buf, 0, sp1), latin1(buf, sp1 + 1, sp2 - sp1 - 1), buf[v + 7] - '0',
                HttpHeaders.parse(buf, lineEnd + 2, end));
    }

    /** {@code HTTP/d.d} at {@code at}. */
    static boolean isHttpVersion(byte[] buf, int at) {
        return buf[at] == 'H' && buf[at + 1] == 'T' && buf[at + 2] == 'T' && buf[at + 3] == 'P' && buf[at + 4] == '/'
                && isDigit(buf[at + 5]) && buf[at + 6] == '.' && isDigit(buf[at + 7]);
    }

    /** See {@link HttpHeaders#findEnd}. */
    public static int findEnd(byte[] buf, int from, int len) {
        return HttpHeaders.findEnd(buf, from, len);
    }
}
