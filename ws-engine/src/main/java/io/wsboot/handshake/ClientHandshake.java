package io.wsboot.handshake;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The client side of the opening handshake: the request, and the checks of the 101 answer. */
public final class ClientHandshake {
    private ClientHandshake() {
    }

    /** A fresh Sec-WebSocket-Key: 16 random bytes in base64. */
    public static String newKey(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * The request bytes. {@code headers} are sent as given (a {@code Host} among them replaces
     * {@code host}); names and values are checked for line breaks.
     */
    public static byte[] request(String path, String host, String key, List<String> subprotocols, String extensions,
                                 Map<String, String> headers) {
        StringBuilder sb = new StringBuilder(256).append("GET ").append(path).append(" HTTP/1.1\r\n");
        boolean hostGiven = headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("host"));
        if (!hostGiven) {
            sb.append("Host: ").append(host).append("\r\n");
        }
        sb.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ").append(key)
                .append("\r\nSec-WebSocket-Version: 13\r\n");
        if (!subprotocols.isEmpty()) {
            sb.append("Sec-WebSocket-Protocol: ").append(String.join(", ", subprotocols)).append("\r\n");
        }
        if (extensions != null) {
            sb.append("Sec-WebSocket-Extensions: ").append(extensions).append("\r\n");
        }
        headers.forEach((k, v) -> sb.append(HandshakeResponses.headerLine(k, v)).append("\r\n"));
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                throw new IllegalArgumentException("path must be ASCII without spaces (percent-encode it): " + path);
            }
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks a 101 answer: Upgrade, Connection, the accept key, that no subprotocol the client
     * did not offer was chosen, and no extension at all unless {@code extensionsOffered} (the
     * caller checks the extension answer then). Returns the agreed subprotocol, or null.
     */
    public static String validate(HttpResponseHead head, String key, List<String> offeredSubprotocols, boolean extensionsOffered)
            throws HandshakeException {
        HttpHeaders h = head.headers();
        if (!h.hasToken("upgrade", "websocket")) {
            throw new HandshakeException(head.status(), "server answered 101 without 'Upgrade: websocket'");
        }
        if (!h.hasToken("connection", "upgrade")) {
            throw new HandshakeException(head.status(), "server answered 101 without 'Connection: Upgrade'");
        }
        String accept = h.first("sec-websocket-accept");
        String expected = HandshakeResponses.acceptKey(key);
        if (h.count("sec-websocket-accept") != 1 || !expected.equals(accept)) {
            throw new HandshakeException(head.status(), "wrong Sec-WebSocket-Accept: " + accept + " (expected " + expected + ")");
        }
        String extensions = h.joined("sec-websocket-extensions");
        if (extensions != null && !extensionsOffered) {
            throw new HandshakeException(head.status(), "server chose extensions the client did not offer: " + extensions);
        }
        List<String> protocols = h.tokens("sec-websocket-protocol");
        if (protocols.size() > 1 || (protocols.size() == 1 && !offeredSubprotocols.contains(protocols.get(0)))) {
            throw new HandshakeException(head.status(), "server chose a subprotocol the client did not offer: " + protocols);
        }
        return protocols.isEmpty() ? null : protocols.get(0);
    }
}
