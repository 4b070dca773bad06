package io.wsboot.handshake;

import java.util.Base64;
import java.util.List;

/**
 * A request head checked against RFC 6455 section 4.2.1: GET, HTTP/1.1 or later, Host,
 * {@code Upgrade: websocket}, a {@code Connection} holding the {@code upgrade} token, a
 * {@code Sec-WebSocket-Key} of 16 base64 bytes and {@code Sec-WebSocket-Version: 13}.
 */
public final class UpgradeRequest {
    /** The only protocol version there is. */
    public static final String VERSION = "13";

    private final HttpRequestHead head;
    private final String path;
    private final String query;
    private final String key;
    private final List<String> subprotocols;
    private final String extensions;

    private UpgradeRequest(HttpRequestHead head, String path, String query, String key,
                           List<String> subprotocols, String extensions) {
        this.head = head;
        this.path = path;
        this.query = query;
        this.key = key;
        this.subprotocols = subprotocols;
        this.extensions = extensions;
    }

    /** Validates {@code head}; the exception carries the status to answer with. */
    public static UpgradeRequest validate(HttpRequestHead head) throws HandshakeException {
        if (!head.method().equals("GET")) {
            throw new HandshakeException(405, "a WebSocket handshake must be a GET request", List.of("Allow: GET"));
        }
        if (head.minorVersion() < 1) {
            throw new HandshakeException(400, "a WebSocket handshake needs HTTP/1.1 or later");
        }
        HttpHeaders h = head.headers();
        // one Host and one Origin: two of either let a proxy and this server disagree on which counts
        if (h.count("host") != 1) {
            throw new HandshakeException(400, h.count("host") == 0 ? "missing Host header" : "more than one Host header");
        }
        if (!isValidHost(head.first("host"))) {
            throw new HandshakeException(400, "malformed Host header");
        }
        if (h.count("origin") > 1) {
            throw new HandshakeException(400, "more than one Origin header");
        }
        // the upgrade GET has no body: bytes after the head are frames, never a body to skip.
        // "Content-Length: 0" says so (the JDK's client sends it); any other length, or a
        // Transfer-Encoding, announces one
        int lengths = h.count("content-length");
        if (h.count("transfer-encoding") > 0 || lengths > 1 || (lengths == 1 && !"0".equals(head.first("content-length")))) {
            throw new HandshakeException(400, "a WebSocket handshake must not have a body (Content-Length or Transfer-Encoding)");
        }
        if (!head.headers().hasToken("upgrade", "websocket")) {
            throw new HandshakeException(400, "missing 'Upgrade: websocket' header");
        }
        if (!head.headers().hasToken("connection", "upgrade")) {
            throw new HandshakeException(400, "missing 'Connection: Upgrade' header");
        }
        int versions = h.count("sec-websocket-version");
        if (versions == 0) {
            throw new HandshakeException(400, "missing Sec-WebSocket-Version header");
        }
        if (versions > 1 || !VERSION.equals(head.first("sec-websocket-version"))) {
            throw new HandshakeException(426, "unsupported WebSocket version; this server speaks version 13",
                    List.of("Sec-WebSocket-Version: 13"));
        }
        if (h.count("sec-websocket-key") != 1) {
            throw new HandshakeException(400, "missing or repeated Sec-WebSocket-Key header");
        }
        String key = head.first("sec-websocket-key");
        if (!isValidKey(key)) {
            throw new HandshakeException(400, "Sec-WebSocket-Key is not 16 bytes in base64");
        }
        String target = head.target();
        String pathAndQuery = target;
        if (!target.startsWith("/")) {
            // absolute-form (RFC 7230 5.3.2): scheme://authority/path?query
            int scheme = target.indexOf("://");
            int slash = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
            if (scheme <= 0) {
                throw new HandshakeException(400, "request target must be a path");
            }
            pathAndQuery = slash < 0 ? "/" : target.substring(slash);
        }
        int q = pathAndQuery.indexOf('?');
        int hash = pathAndQuery.indexOf('#');
        if (hash >= 0) {
            throw new HandshakeException(400, "request target must not contain a fragment");
        }
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        return new UpgradeRequest(head, path, query, key, h.tokens("sec-websocket-protocol"),
                h.joined("sec-websocket-extensions"));
    }

    public HttpRequestHead head() {
        return head;
    }

    /** The path of the request target, not percent-decoded. */
    public String path() {
        return path;
    }

    /** The raw query string (after '?'), or null. */
    public String query() {
        return query;
    }

    public String key() {
        return key;
    }

    /** Subprotocols the client offered, in its order of preference. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Every Sec-WebSocket-Extensions value joined with ", ", or null. */
    public String extensions() {
        return extensions;
    }

    /**
     * RFC 3986 host with an optional port: letters, digits, {@code -._~%}, sub-delimiters but the
     * comma (a joined list of hosts), brackets and colons for IPv6 literals and the port.
     */
    static boolean isValidHost(String host) {
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~%!$&'()*+;=:[]".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isValidKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return head.method() + " " + head.target();
    }
}
