package io.wsboot.client;

import io.wsboot.deflate.DeflateNegotiation;
import io.wsboot.deflate.DeflateParams;
import io.wsboot.handshake.ClientHandshake;
import io.wsboot.handshake.HandshakeException;
import io.wsboot.handshake.HttpHeaders;
import io.wsboot.handshake.HttpResponseHead;
import io.wsboot.transport.Transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's opening handshake (RFC 6455 4.1) on a connected channel, still blocking (through
 * its transport: plain, or TLS after its handshake): sends the request, reads the answer within a
 * deadline that closes the socket, and checks it (101, accept key, only what was offered). A refusal becomes a {@link WsHandshakeException} carrying the server's status,
 * headers and body.
 */
final class OpeningHandshake {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_ERROR_BODY = 8192;

    /** What the server agreed to, and the bytes it sent after its answer (the first frames). */
    record Result(String subprotocol, DeflateParams deflate, Map<String, String> headers, ByteBuffer firstFrames) {
    }

    private final SocketChannel socket;
    private final Transport transport;
    private final ClientConfig config;
    /** Plaintext as the transport hands it (a TLS record at a time), not yet taken. */
    private final ByteBuffer plain;

    /** @param readSize the most plaintext one read may produce (a TLS record's worth, with TLS) */
    OpeningHandshake(SocketChannel socket, Transport transport, ClientConfig config, int readSize) {
        this.socket = socket;
        this.transport = transport;
        this.config = config;
        this.plain = ByteBuffer.allocate(readSize).flip();
    }

    /**
     * Sends the request for {@code path} on {@code host:port} and checks the answer, all within
     * {@code timeout} (a deadline: a server that trickles its answer does not stretch it).
     */
    Result perform(String host, int port, String path, Duration timeout, Map<String, String> headers, String... subprotocols)
            throws IOException {
        Result[] result = new Result[1];
        Deadline.within(timeout, socket, "opening handshake", timeout, () -> result[0] = exchange(host, port, path, timeout, headers, subprotocols));
        return result[0];
    }

    private Result exchange(String host, int port, String path, Duration timeout, Map<String, String> headers, String... subprotocols)
            throws IOException {
        String key = ClientHandshake.newKey(RANDOM);
        List<String> offered = List.of(subprotocols);
        boolean defaultPort = port == (config.tls() ? 443 : 80);
        String hostHeader = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + (defaultPort ? "" : ":" + port);
        String offer = config.compression().enabled() ? DeflateNegotiation.offer(config.compression()) : null;
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer request = ByteBuffer.wrap(ClientHandshake.request(path, hostHeader, key, offered, offer, headers));
        while (request.hasRemaining()) {
            transport.write(request); // blocking: all of it
        }

        byte[] head = new byte[Math.max(config.bufferSize(), 1024)];
        int len = 0;
        int end = -1;
        while (end < 0) {
            if (len == head.length) {
                throw new WsHandshakeException(0, "handshake answer larger than bufferSize (" + head.length + " bytes)", Map.of(), "");
            }
            int n = readWithDeadline(head, len, head.length - len, deadline);
            if (n < 0) {
                throw new WsHandshakeException(0, "connection closed during the handshake", Map.of(), "");
            }
            int before = len;
            len += n;
            end = HttpHeaders.findEnd(head, Math.max(0, before - 3), len);
        }
        HttpResponseHead response;
        try {
            response = HttpResponseHead.parse(head, end);
        } catch (HandshakeException e) {
            throw new WsHandshakeException(0, "malformed handshake answer: " + e.getMessage(), Map.of(), "");
        }
        Map<String, String> answerHeaders = headerMap(response.headers());
        if (response.status() != 101) {
            String body;
            try (Deadline bodyRead = Deadline.closing(Duration.ofSeconds(1), socket)) {
                body = errorBody(response.headers(), head, end, len, deadline); // refused: the socket is of no more use
            }
            throw new WsHandshakeException(response.status(), "handshake rejected: HTTP " + response.status() + " "
                    + response.reason() + (body.isBlank() ? "" : ": " + body.strip()), answerHeaders, body);
        }
        try {
            String subprotocol = ClientHandshake.validate(response, key, offered, offer != null);
            String agreed = response.headers().joined("sec-websocket-extensions");
            DeflateParams deflate = agreed == null ? null : DeflateNegotiation.clientAccept(agreed, config.compression());
            ByteBuffer first = ByteBuffer.allocate(len - end + plain.remaining()).put(head, end, len - end).put(plain).flip();
            return new Result(subprotocol, deflate, answerHeaders, first);
        } catch (HandshakeException | IllegalArgumentException e) {
            throw new WsHandshakeException(101, e.getMessage(), answerHeaders, "");
        }
    }

    /** A blocking read; the deadline around the handshake closes the socket when time is up. */
    private int readWithDeadline(byte[] b, int off, int len, long deadline) throws IOException {
        if (deadline - System.nanoTime() <= 0) {
            throw new SocketTimeoutException("handshake not answered in time");
        }
        while (!plain.hasRemaining()) {
            if (transport.read(plain.clear()) < 0) {
                plain.flip();
                return -1;
            }
            plain.flip();
        }
        int n = Math.min(len, plain.remaining());
        plain.get(b, off, n);
        return n;
    }

    /** The body of an error answer: Content-Length bytes, or what comes until EOF, at most 8 KiB. */
    private String errorBody(HttpHeaders h, byte[] head, int end, int len, long deadline) {
        String cl = h.first("content-length");
        int want = MAX_ERROR_BODY;
        try {
            if (cl != null) {
                want = Math.min(MAX_ERROR_BODY, Integer.parseInt(cl.trim()));
            }
        } catch (NumberFormatException ignored) {
            // read what comes
        }
        byte[] body = Arrays.copyOfRange(head, end, Math.max(end, Math.min(len, end + want)));
        int got = body.length;
        body = Arrays.copyOf(body, Math.max(got, want));
        try {
            while (got < want) {
                int n = readWithDeadline(body, got, want - got, deadline);
                if (n < 0) {
                    break;
                }
                got += n;
            }
        } catch (IOException ignored) {
            // keep what arrived
        }
        return new String(body, 0, got, StandardCharsets.UTF_8);
    }

    private static Map<String, String> headerMap(HttpHeaders h) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < h.size(); i++) {
            m.putIfAbsent(h.name(i), h.value(i));
        }
        return m;
    }
}
