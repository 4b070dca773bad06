package io.wsboot.spring.test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A WebSocket client for tests, pointed at the application's running WebSocket server (its
 * port is found when connecting, so {@code ws.port=0} works). Blocking and simple: send, then
 * wait for what comes back.
 *
 * <pre>{@code
 * try (WsTestClient.Session s = client.connect("/echo")) {
 *     s.send("hello");
 *     assertEquals("hello", s.receiveText());
 * }
 * }</pre>
 */
public class WsTestClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final IntSupplier port;
    private final HttpClient http = HttpClient.newHttpClient();

    public WsTestClient(IntSupplier port) {
        this.port = port;
    }

    /** The port of the server this client talks to. */
    public int port() {
        return port.getAsInt();
    }

    /** Opens a connection to {@code path} (with query); fails with {@link HandshakeRejectedException} on a non-101 answer. */
    public Session connect(String path) {
        return connect(path, Map.of());
    }

    /** Opens a connection sending extra request headers. */
    public Session connect(String path, Map<String, String> headers) {
        Session s = new Session();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(b::header);
        try {
            s.ws = b.buildAsync(URI.create("ws://127.0.0.1:" + port() + path), s).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                throw new HandshakeRejectedException(h.getResponse().statusCode(), String.valueOf(h.getResponse().body()));
            }
            throw e;
        }
        return s;
    }

    /** The handshake was answered with an HTTP status other than 101. */
    public static class HandshakeRejectedException extends RuntimeException {
        private final int status;

        public HandshakeRejectedException(int status, String body) {
            super("handshake rejected with HTTP " + status + (body == null || body.equals("null") ? "" : ": " + body));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** A message or close received. */
    public record Received(Kind kind, byte[] data, int closeCode, String closeReason) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    public enum Kind { TEXT, BINARY, PONG, CLOSE }

    /** One connection. */
    public static class Session implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        private final CompletableFuture<Received> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private WebSocket ws;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(new Received(Kind.TEXT, text.toString().getBytes(StandardCharsets.UTF_8), 0, null));
                text.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                received.add(new Received(Kind.BINARY, binary.toByteArray(), 0, null));
                binary.reset();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            byte[] b = new byte[message.remaining()];
            message.get(b);
            received.add(new Received(Kind.PONG, b, 0, null));
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            Received r = new Received(Kind.CLOSE, new byte[0], statusCode, reason);
            closed.complete(r);
            received.add(r);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        public Session send(String message) {
            ws.sendText(message, true).join();
            return this;
        }

        public Session send(byte[] message) {
            ws.sendBinary(ByteBuffer.wrap(message), true).join();
            return this;
        }

        public Session ping(byte[] payload) {
            ws.sendPing(ByteBuffer.wrap(payload)).join();
            return this;
        }

        /** The next message, pong or close (waits up to 10 s). */
        public Received receive() {
            try {
                Received r = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (r == null) {
                    throw new AssertionError("nothing received within " + TIMEOUT.toSeconds() + " s");
                }
                return r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /** The next message, which must be text. */
        public String receiveText() {
            Received r = receive();
            if (r.kind() != Kind.TEXT) {
                throw new AssertionError("expected a text message but got " + describe(r));
            }
            return r.text();
        }

        /** The next message, which must be binary. */
        public byte[] receiveBinary() {
            Received r = receive();
            if (r.kind() != Kind.BINARY) {
                throw new AssertionError("expected a binary message but got " + describe(r));
            }
            return r.data();
        }

        /** Waits for the server's close frame and returns it. */
        public Received awaitClose() {
            try {
                return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError("no close within " + TIMEOUT.toSeconds() + " s", e);
            }
        }

        /** Starts the close handshake with {@code code}. */
        public void close(int code, String reason) {
            if (!ws.isOutputClosed()) {
                ws.sendClose(code, reason).join();
            }
        }

        /** Closes with 1000 and waits for the server's answer. */
        @Override
        public void close() {
            close(WebSocket.NORMAL_CLOSURE, "");
            if (!closed.isDone()) {
                awaitClose();
            }
        }

        public boolean isOpen() {
            return !ws.isInputClosed() && !ws.isOutputClosed();
        }

        private static String describe(Received r) {
            return r.kind() == Kind.CLOSE ? "close " + r.closeCode() + " " + r.closeReason() : r.kind().toString();
        }
    }
}
