package io.wsboot.handshake;

import static io.wsboot.handshake.HttpHeaders.bad;
import static io.wsboot.handshake.HttpHeaders.isDigit;
import static io.wsboot.handshake.HttpHeaders.latin1;
import static io.wsboot.handshake.HttpHeaders.lineEnd;

/** A parsed HTTP/1.x response head: status line and {@link HttpHeaders}. */
public final class HttpResponseHead {
    private final int status;
    private final String reason;
    private final HttpHeaders headers;

    private HttpResponseHead(int status, String reason, HttpHeaders headers) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** Parses {@code buf[0, end)}, which must end with the blank line. */
    public static HttpResponseHead parse(byte[] buf, int end) throws HandshakeException {
        int le = lineEnd(buf, 0, end);
        // HTTP/1.1 SP 3DIGIT SP reason
        if (le < 12 || !HttpRequestHead.isHttpVersion(buf, 0) || buf[8] != ' '
                || !isDigit(buf[9]) || !isDigit(buf[10]) || !isDigit(buf[11]) || (le > 12 && buf[12] != ' ')) {
            throw bad("malformed status line: " + latin1(buf, 0, Math.min(le, 80)));
        }
        int status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
        String reason = le > 13 ? latin1(buf, 13, le - 13) : "";
        return new HttpResponseHead(status, reason, HttpHeaders.parse(buf, le + 2, end));
    }
}
