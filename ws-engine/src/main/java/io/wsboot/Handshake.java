package io.wsboot;

import io.wsboot.handshake.HandshakeResponses;
import io.wsboot.handshake.UpgradeRequest;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The opening handshake of a connection, given to {@link Handler#init}: the request (seed:
 * {@code url}, {@code method}, {@code raw_headers}, {@code headers.get}) and the parts of the
 * answer an application may choose (subprotocol, extra response headers).
 *
 * <p>Unlike the seed, the request data is copied out of the handshake buffer, so it stays valid
 * after {@code init} returns and may be kept. The answer can only be changed during {@code init}.
 */
public final class Handshake {
    private final UpgradeRequest request;
    private final Headers headers;
    private final InetSocketAddress remoteAddress;
    private final String handlerPath;
    private final Map<String, String> pathVariables;
    private Principal principal;
    private String subprotocol;
    private List<String> responseHeaders = List.of();
    private boolean answered;

    /** @param maxHeaders how many request headers {@link #headers()} captures */
    public Handshake(UpgradeRequest request, int maxHeaders, InetSocketAddress remoteAddress) {
        this(request, maxHeaders, remoteAddress, request.path(), Map.of());
    }

    /**
     * @param handlerPath   the path or template of the handler serving the request
     * @param pathVariables what the template captured from the request's path
     */
    public Handshake(UpgradeRequest request, int maxHeaders, InetSocketAddress remoteAddress, String handlerPath,
                     Map<String, String> pathVariables) {
        this.request = request;
        this.headers = new Headers(request.head().headers(), maxHeaders);
        this.remoteAddress = remoteAddress;
        this.handlerPath = handlerPath;
        this.pathVariables = pathVariables.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pathVariables)); // in template order
    }

    /** The request target as sent, original casing (path and query). */
    public String url() {
        return request.head().target();
    }

    /** The request method, original casing (always GET once validated). */
    public String method() {
        return request.head().method();
    }

    /** The path part of the request target, not percent-decoded. */
    public String path() {
        return request.path();
    }

    /** The path the handler was added with: its template ("/rooms/{room}") for a templated path. */
    public String handlerPath() {
        return handlerPath;
    }

    /** The variables the handler's template captured from {@link #path()}, decoded; empty for a literal path. */
    public Map<String, String> pathVariables() {
        return pathVariables;
    }

    /** The value the handler's template captured as {@code name} ("/rooms/{room}": "room"), or null. */
    public String pathVariable(String name) {
        return pathVariables.get(name);
    }

    /** The raw query string after '?', or null. */
    public String query() {
        return request.query();
    }

    /** The first value of query parameter {@code name}, percent-decoded, or null. */
    public String queryParam(String name) {
        String q = request.query();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (k.equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    /** Every request header as {@code "name: value\r\n"} lines, names lower-cased. */
    public String rawHeaders() {
        return request.head().rawHeaders();
    }

    /** The first {@code max-headers} request headers. */
    public Headers headers() {
        return headers;
    }

    /**
     * The first value of request header {@code name} (any case), or null; available whatever
     * {@code max-headers} is, so that {@code init} can read {@code Authorization} or {@code Cookie}.
     */
    public String header(String name) {
        return request.head().first(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The Origin header (sent by browsers), or null; available whatever {@code max-headers} is. */
    public String origin() {
        return request.head().first("origin");
    }

    /** The Host header; available whatever {@code max-headers} is. */
    public String host() {
        return request.head().first("host");
    }

    /** Subprotocols the client offered (Sec-WebSocket-Protocol), in its order of preference. */
    public List<String> subprotocols() {
        return request.subprotocols();
    }

    /** The Sec-WebSocket-Extensions the client offered, or null. */
    public String extensions() {
        return request.extensions();
    }

    /** The client's address, or null in tests without a socket. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * Who the request authenticated as: set during {@code init} (by the application, or by the
     * security layer in front of it), then the connection's {@link Conn#principal()}.
     */
    public void principal(Principal principal) {
        checkOpen();
        this.principal = principal;
    }

    /** The principal set during {@code init}, or null. */
    public Principal principal() {
        return principal;
    }

    /** Answers with this subprotocol; it must be one the client offered. */
    public void selectSubprotocol(String protocol) {
        checkOpen();
        if (!request.subprotocols().contains(protocol)) {
            throw new IllegalArgumentException("client did not offer subprotocol '" + protocol + "' (offered: "
                    + request.subprotocols() + ")");
        }
        this.subprotocol = protocol;
    }

    /** The subprotocol chosen so far, or null. */
    public String selectedSubprotocol() {
        return subprotocol;
    }

    /** Adds a header to the 101 answer (e.g. {@code Set-Cookie}). */
    public void addResponseHeader(String name, String value) {
        checkOpen();
        String line = HandshakeResponses.headerLine(name, value);
        if (responseHeaders.isEmpty()) {
            responseHeaders = new ArrayList<>(2);
        }
        responseHeaders.add(line);
    }

    /** Extra header lines of the answer, {@code "Name: value"}. */
    public List<String> responseHeaders() {
        return List.copyOf(responseHeaders);
    }

    /** The WebSocket key (engine use: the 101 answer is computed from it). */
    public String key() {
        return request.key();
    }

    /** Freezes the answer; called by the engine once {@code init} has returned. */
    public void markAnswered() {
        answered = true;
    }

    private void checkOpen() {
        if (answered) {
            throw new IllegalStateException("the handshake has been answered; change it during init only");
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override
    public String toString() {
        return method() + " " + url();
    }
}
