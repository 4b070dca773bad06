package io.wsboot.handshake;

import io.wsboot.Handshake;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeParsingTest {
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String GOOD = "GET /chat?room=a%20b&x HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: WebSocket\r\n"
            + "Connection: keep-alive, Upgrade\r\n"
            + "Sec-WebSocket-Key: " + KEY + "\r\n"
            + "Origin: http://example.com\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Protocol: v3\r\n"
            + "X-Token:   Secret Value  \r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n";

    static UpgradeRequest parse(String request) throws HandshakeException {
        byte[] b = request.getBytes(StandardCharsets.ISO_8859_1);
        int end = HttpRequestHead.findEnd(b, 0, b.length);
        assertEquals(b.length, end, "request must end with a blank line");
        return UpgradeRequest.validate(HttpRequestHead.parse(b, end));
    }

    static int status(String request) {
        return assertThrows(HandshakeException.class, () -> parse(request)).status();
    }

    static String without(String header) {
        return GOOD.replaceAll("(?m)^" + header + ":[^\r]*\r\n", "");
    }

    @Test
    void acceptKeyOfRfc6455() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", HandshakeResponses.acceptKey(KEY));
    }

    /** Heads that a proxy and this server could read differently, or that carry a body: 400. */
    @Test
    void ambiguousHeadsAre400() {
        String host = "Host: server.example.com\r\n";
        assertEquals(400, status(GOOD.replace(host, host + host)), "two Host headers");
        assertEquals(400, status(GOOD.replace(host, host + "Host: other.example\r\n")), "two different Host headers");
        assertEquals(400, status(GOOD.replace(host, "Host:\r\n")), "empty Host");
        assertEquals(400, status(GOOD.replace(host, "Host: a b\r\n")), "a space in Host");
        assertEquals(400, status(GOOD.replace(host, "Host: a.example, b.example\r\n")), "a list of hosts");
        assertEquals(400, status(GOOD.replace(host, "Host: a.example/x\r\n")), "a path in Host");
        String origin = "Origin: http://example.com\r\n";
        assertEquals(400, status(GOOD.replace(origin, origin + "Origin: http://evil.example\r\n")), "two Origin headers");
        assertEquals(400, status(GOOD.replace(host, host + "Content-Length: 5\r\n")), "Content-Length");
        assertEquals(400, status(GOOD.replace(host, host + "Content-Length: 0\r\nContent-Length: 5\r\n")), "two lengths");
        assertEquals(400, status(GOOD.replace(host, host + "Transfer-Encoding: chunked\r\n")), "Transfer-Encoding");
    }

    @Test
    void contentLengthZeroSaysThereIsNoBody() throws Exception {
        // the JDK's java.net.http client sends it on every upgrade
        assertEquals("0", parse(GOOD.replace("Upgrade:", "Content-Length: 0\r\nUpgrade:")).head().first("content-length"));
    }

    @Test
    void hostsWithPortsAndIpLiteralsAreFine() throws Exception {
        for (String h : new String[] {"localhost:9223", "127.0.0.1", "[::1]:9223", "xn--bcher-kva.example", "a_b.example"}) {
            assertEquals(h, parse(GOOD.replace("server.example.com", h)).head().first("host"));
        }
    }

    @Test
    void parsesAValidRequest() throws Exception {
        UpgradeRequest r = parse(GOOD);
        assertEquals("/chat", r.path());
        assertEquals("room=a%20b&x", r.query());
        assertEquals(List.of("chat", "superchat", "v3"), r.subprotocols());
        assertEquals(KEY, r.key());
        assertEquals("GET", r.head().method());
        assertEquals("/chat?room=a%20b&x", r.head().target());
        assertEquals("Secret Value", r.head().first("x-token"));
        assertTrue(r.head().rawHeaders().startsWith("host: server.example.com\r\nupgrade: WebSocket\r\n"));
        assertTrue(r.head().rawHeaders().endsWith("sec-websocket-version: 13\r\n"));
    }

    @Test
    void handshakeViewCapsHeadersAtMaxHeaders() throws Exception {
        UpgradeRequest r = parse(GOOD);
        Handshake none = new Handshake(r, 0, null);
        assertEquals(0, none.headers().size());
        assertNull(none.headers().get("host"));
        assertEquals("http://example.com", none.origin()); // dedicated accessors work regardless
        Handshake two = new Handshake(r, 2, null);
        assertEquals(2, two.headers().size());
        assertEquals("WebSocket", two.headers().get("UPGRADE"));
        assertNull(two.headers().get("connection"));
        Handshake all = new Handshake(r, 100, null);
        assertEquals("Secret Value", all.headers().get("X-Token"));
        assertEquals("a b", all.queryParam("room"));
        assertEquals("", all.queryParam("x"));
        assertNull(all.queryParam("y"));
    }

    @Test
    void subprotocolAndResponseHeaders() throws Exception {
        Handshake h = new Handshake(parse(GOOD), 0, null);
        assertThrows(IllegalArgumentException.class, () -> h.selectSubprotocol("mqtt"));
        h.selectSubprotocol("superchat");
        h.addResponseHeader("Set-Cookie", "a=b");
        assertThrows(IllegalArgumentException.class, () -> h.addResponseHeader("X-Bad", "a\r\nInjected: yes"));
        assertThrows(IllegalArgumentException.class, () -> h.addResponseHeader("Bad Name", "x"));
        String answer = new String(HandshakeResponses.switchingProtocols(h.key(), h.selectedSubprotocol(), null,
                h.responseHeaders()), StandardCharsets.ISO_8859_1);
        assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: superchat\r\n"
                + "Set-Cookie: a=b\r\n\r\n", answer);
        h.markAnswered();
        assertThrows(IllegalStateException.class, () -> h.selectSubprotocol("chat"));
    }

    @Test
    void acceptsAbsoluteFormTargets() throws Exception {
        UpgradeRequest r = parse(GOOD.replace("GET /chat?room=a%20b&x ", "GET ws://server.example.com/chat?x=1 "));
        assertEquals("/chat", r.path());
        assertEquals("x=1", r.query());
    }

    @Test
    void malformedRequestsAre400() {
        assertEquals(400, status(GOOD.replace("GET /chat?room=a%20b&x HTTP/1.1", "GET /chat")));
        assertEquals(400, status(GOOD.replace("GET /chat?room=a%20b&x HTTP/1.1", "GET  /chat HTTP/1.1")));
        assertEquals(400, status(GOOD.replace("HTTP/1.1\r\n", "HTTX/1.1\r\n")));
        assertEquals(400, status(GOOD.replace("X-Token:", "X-Token :")));
        assertEquals(400, status(GOOD.replace("X-Token:", "X Token:")));
        assertEquals(400, status(GOOD.replace("X-Token:   Secret Value  \r\n", "X-Token: a\r\n folded\r\n")));
        assertEquals(400, status(GOOD.replace("Host: server.example.com\r\n", "Host: a\nX: b\r\n")));
        assertEquals(400, status(GOOD.replace("Secret", "Sec\u0001ret")));
        assertEquals(400, status(GOOD.replace("/chat?room=a%20b&x", "*")));
        assertEquals(400, status(GOOD.replace("/chat?room=a%20b&x", "/chat#frag")));
    }

    @Test
    void missingOrWrongWebSocketHeadersAre400() {
        assertEquals(400, status(without("Host")));
        assertEquals(400, status(without("Upgrade")));
        assertEquals(400, status(GOOD.replace("Upgrade: WebSocket", "Upgrade: h2c")));
        assertEquals(400, status(without("Connection")));
        assertEquals(400, status(GOOD.replace("Connection: keep-alive, Upgrade", "Connection: keep-alive")));
        assertEquals(400, status(without("Sec-WebSocket-Key")));
        assertEquals(400, status(GOOD.replace(KEY, "c2hvcnQ=")));
        assertEquals(400, status(GOOD.replace(KEY, "!!!!!!!!!!!!!!!!!!!!!!==")));
        assertEquals(400, status(GOOD.replace("Sec-WebSocket-Key: " + KEY + "\r\n",
                "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Key: " + KEY + "\r\n")));
        assertEquals(400, status(without("Sec-WebSocket-Version")));
        assertEquals(400, status(GOOD.replace("HTTP/1.1\r\n", "HTTP/1.0\r\n")));
    }

    @Test
    void otherVersionsAre426WithTheSupportedVersion() {
        HandshakeException e = assertThrows(HandshakeException.class, () -> parse(GOOD.replace("Version: 13", "Version: 8")));
        assertEquals(426, e.status());
        assertEquals(List.of("Sec-WebSocket-Version: 13"), e.headers());
        String answer = new String(HandshakeResponses.error(426, e.getMessage(), e.headers()), StandardCharsets.UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 426 Upgrade Required\r\n"));
        assertTrue(answer.contains("\r\nSec-WebSocket-Version: 13\r\n"));
    }

    @Test
    void otherMethodsAre405AndHttp2Is505() {
        HandshakeException e = assertThrows(HandshakeException.class, () -> parse(GOOD.replace("GET /", "POST /")));
        assertEquals(405, e.status());
        assertEquals(List.of("Allow: GET"), e.headers());
        assertEquals(505, status(GOOD.replace("HTTP/1.1\r\n", "HTTP/2.0\r\n")));
    }

    @Test
    void findsTheEndAcrossReads() {
        byte[] b = GOOD.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(-1, HttpRequestHead.findEnd(b, 0, b.length - 1));
        assertEquals(b.length, HttpRequestHead.findEnd(b, b.length - 4, b.length));
    }
}
