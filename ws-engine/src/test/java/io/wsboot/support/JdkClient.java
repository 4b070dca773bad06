package io.wsboot.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The JDK's java.net.http WebSocket client with a listener that queues whole messages. */
public final class JdkClient implements WebSocket.Listener {
    /** A whole message, pong or close as received. */
    public record Received(String kind, byte[] data, int code, String reason) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    public final CompletableFuture<Received> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    public WebSocket ws;

    public static JdkClient connect(int port, String path, String... subprotocols) {
        JdkClient l = new JdkClient();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], List.of(subprotocols).subList(1, subprotocols.length).toArray(String[]::new));
        }
        l.ws = b.buildAsync(URI.create("ws://127.0.0.1:" + port + path), l).join();
        return l;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received.add(new Received("text", text.toString().getBytes(StandardCharsets.UTF_8), 0, null));
            text.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.write(b, 0, b.length);
        if (last) {
            received.add(new Received("binary", binary.toByteArray(), 0, null));
            binary.reset();
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        byte[] b = new byte[message.remaining()];
        message.get(b);
        received.add(new Received("ping", b, 0, null));
        return null; // the JDK answers the ping itself
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] b = new byte[message.remaining()];
        message.get(b);
        received.add(new Received("pong", b, 0, null));
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Received("close", new byte[0], statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    public Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("nothing received within 10 s");
        }
        return r;
    }

    public Received awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }
}
