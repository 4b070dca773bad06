package io.wsboot.client;

import io.wsboot.SendStatus;
import io.wsboot.codec.CloseFrame;
import io.wsboot.codec.FrameDecoder;
import io.wsboot.deflate.DeflateParams;
import io.wsboot.deflate.MessageDeflater;
import io.wsboot.deflate.MessageInflater;
import io.wsboot.deflate.ZlibPool;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import io.wsboot.session.Session;
import io.wsboot.transport.BufferPool;
import io.wsboot.transport.TlsTransport;
import io.wsboot.transport.Transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLEngine;

/**
 * A WebSocket client (seed: {@code websocket.connect}, {@code client.handshake},
 * {@code readLoop}...): one thread reads (the read loop), any number of threads write. With
 * {@link ClientConfig.Builder#eventLoops} set, connections are read by shared
 * {@link ClientEventLoops} instead of a thread each.
 *
 * <p>Under the facade it is the server's machinery in the client's role: an event loop (the read
 * loop's thread runs one of its own for this connection, or a shared one serves it) and the same
 * session, which masks what it sends. Until reading starts, writes go straight to the socket.
 *
 * <pre>{@code
 * WsClient client = WsClient.connect("localhost", 9223, ClientConfig.defaults());
 * client.handshake("/echo", Duration.ofSeconds(5), Map.of());
 * Thread reader = client.readLoopInNewThread(message -> System.out.println(message.text()));
 * client.writeText("hello");
 * ...
 * client.close();
 * }</pre>
 *
 * Every frame sent is masked with a fresh random key. Every write method is safe from any thread,
 * concurrently: frames never interleave, and each thread's writes keep their order. A thread
 * other than the read loop's waits while much is unsent (back-pressure); the read loop's own
 * writes never wait, and past {@link ClientConfig#maxQueuedBytes()} they fail and the connection
 * is closed (1008). What the server sends is checked as strictly as the server checks clients
 * (masked frames, reserved bits, bad UTF-8, bad close codes, oversize: the connection is closed
 * with the matching code).
 */
public final class WsClient implements AutoCloseable {
    private static final AtomicLong IDS = new AtomicLong();
    private final SocketChannel channel;
    /** Plain, or TLS for wss://. */
    private final Transport transport;
    private final ClientConfig config;
    private final String host;
    private final int port;
    private final ClientObserver.ConnectionObserver observer;
    /** Set by the handshake. */
    private volatile Session session;
    private ClientEndpoint endpoint;
    /** What the server sent right after its handshake answer: read first. */
    private ByteBuffer firstFrames;
    private final AtomicBoolean handshakeStarted = new AtomicBoolean();
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile Map<String, String> responseHeaders = Map.of();
    private volatile boolean compressed;

    private WsClient(SocketChannel channel, Transport transport, String host, int port, ClientConfig config) {
        this.channel = channel;
        this.transport = transport;
        this.config = config;
        this.host = host;
        this.port = port;
        this.observer = config.observer().connection(host + ":" + port);
    }

    /** Opens the TCP (and, with {@code config.tls()}, TLS) connection; {@link #handshake} comes next. */
    public static WsClient connect(String host, int port, ClientConfig config) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            long started = System.nanoTime();
            ch.socket().setTcpNoDelay(true);
            ch.socket().connect(new InetSocketAddress(host, port), (int) Math.max(1, config.connectTimeout().toMillis()));
            Transport t = new Transport.Plain(ch);
            if (config.tls()) {
                SSLEngine engine = TlsSockets.engine(host, port, config);
                TlsTransport tls = new TlsTransport(ch, engine, new BufferPool(packetSize(engine.getSession()), false, 1, ClientLoop.unlimited()));
                Deadline.within(left(config.connectTimeout(), started), ch, "TLS handshake", config.connectTimeout(), tls::handshake);
                t = tls;
            }
            return new WsClient(ch, t, host, port, config);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** What is left of {@code timeout} since {@code started} (at least a millisecond). */
    private static Duration left(Duration timeout, long started) {
        return Duration.ofNanos(Math.max(1_000_000, timeout.toNanos() - (System.nanoTime() - started)));
    }

    /**
     * Connects to a {@code ws://} or {@code wss://} URI and completes the handshake on its path
     * (within the config's handshake timeout). {@code wss} turns TLS on.
     */
    public static WsClient connect(URI uri, ClientConfig config, Map<String, String> headers, String... subprotocols) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean secure;
        if (scheme.equals("wss") || scheme.equals("https")) {
            secure = true;
        } else if (scheme.equals("ws") || scheme.equals("http")) {
            secure = false;
        } else {
            throw new IllegalArgumentException("not a ws:// or wss:// URI: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + uri);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        ClientConfig c = secure && !config.tls() ? config.toBuilder().tls(true).build() : config;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        WsClient client = connect(uri.getHost(), port, c);
        try {
            client.handshake(path, c.handshakeTimeout(), headers, subprotocols);
            return client;
        } catch (IOException | RuntimeException e) {
            client.closeSocket();
            throw e;
        }
    }

    /** {@link #connect(URI, ClientConfig, Map, String...)} with the default config and no extra header. */
    public static WsClient connect(String uri) throws IOException {
        return connect(URI.create(uri), ClientConfig.defaults(), Map.of());
    }

    // ------------------------------------------------------------------ handshake

    /** Performs the opening handshake with a 10 s timeout and no extra header. */
    public WsClient handshake(String path) throws IOException {
        return handshake(path, Duration.ofSeconds(10), Map.of());
    }

    /**
     * Sends the opening handshake for {@code path} (with its query) and checks the answer: a 101
     * with the right accept key, and nothing that was not offered. {@code headers} are added to
     * the request (a {@code Host} header replaces the default {@code host:port}).
     *
     * @throws WsHandshakeException the server answered another status (with its body), or a bad 101
     * @throws SocketTimeoutException no complete answer within {@code timeout}
     */
    public WsClient handshake(String path, Duration timeout, Map<String, String> headers, String... subprotocols) throws IOException {
        if (!handshakeStarted.compareAndSet(false, true)) {
            throw new IllegalStateException("handshake already done");
        }
        long started = System.nanoTime();
        OpeningHandshake.Result r;
        try {
            r = new OpeningHandshake(channel, transport, config, plaintextReadSize()).perform(host, port, path, timeout, headers, subprotocols);
            start(path, r);
        } catch (WsHandshakeException e) {
            observer.handshakeFailed(e.status());
            closeSocket(); // refused or a bad answer: this connection is of no further use
            throw e;
        } catch (IOException | RuntimeException e) {
            observer.handshakeFailed(0);
            throw e;
        }
        observer.opened(System.nanoTime() - started);
        return this;
    }

    /** The most plaintext one read gives: a whole TLS record's worth with TLS. */
    private int plaintextReadSize() {
        int size = Math.max(config.bufferSize(), 1024);
        return transport instanceof TlsTransport tls ? Math.max(size, tls.session().getApplicationBufferSize()) : size;
    }

    /** The session the handshake opened: on a shared loop, or on this connection's own (not running yet). */
    private void start(String path, OpeningHandshake.Result r) throws IOException {
        ClientLoop loop = config.eventLoops() != null ? config.eventLoops().next()
                : new ClientLoop("ws-client-" + host + ":" + port, config.tls(), plaintextReadSize());
        ZlibPool zlib = r.deflate() == null ? null : new ZlibPool(config.compression().level(), 1);
        endpoint = new ClientEndpoint(loop, observer, config.closeTimeout(), host + ":" + port, zlib);
        Session s = new Session(loop, channel, null, transport, endpoint, config.sessionSettings(), IDS.incrementAndGet(), path);
        FrameDecoder decoder = new FrameDecoder(false, config.maxSize(), config.validateUtf8(),
                new BufferPool(config.bufferSize(), false, 1, loop.budget));
        MessageDeflater deflater = null;
        if (zlib != null) {
            DeflateParams p = r.deflate();
            decoder.enableInflation(new MessageInflater(zlib, !p.serverNoContextTakeover()), config.compression().maxInflateRatio());
            deflater = new MessageDeflater(zlib, !p.clientNoContextTakeover(), p.clientMaxWindowBits(), config.compression().level());
        }
        s.open(decoder, deflater, r.subprotocol(), null);
        compressed = deflater != null;
        responseHeaders = r.headers();
        firstFrames = r.firstFrames();
        session = s;
    }

    /** Whether permessage-deflate was agreed. */
    public boolean compressed() {
        return compressed;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads and dispatches messages until the connection is closed (by either side or by an
     * error), then calls {@code handler.close()}, exactly once. Blocks the calling thread (which
     * does the reading, unless an event loop does). Interrupting the reading thread drops the
     * connection (1006).
     */
    public void readLoop(ClientHandler handler) {
        if (onEventLoop() && Thread.currentThread().getName().startsWith(ClientLoop.NAME_PREFIX)) {
            throw new IllegalStateException("readLoop would block an event loop thread until the connection ends; use readLoopAsync");
        }
        CompletableFuture<Void> done = startReading(handler);
        if (onEventLoop()) {
            done.join();
        } else {
            endpoint.loop().runHere();
        }
    }

    /** Runs {@link #readLoop} in a new (daemon) thread, started and returned; join it to wait for the end. */
    public Thread readLoopInNewThread(ClientHandler handler) {
        CompletableFuture<Void> done = startReading(handler); // now, not in the new thread: a close() right after must see it
        ClientLoop loop = endpoint.loop();
        Thread t = new Thread(onEventLoop() ? done::join : loop::runHere, "ws-client-" + host + ":" + port);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Starts reading without blocking: on an event loop when the config names one, else on a
     * new daemon thread. The future completes once the handler's {@code close} has returned.
     */
    public CompletableFuture<Void> readLoopAsync(ClientHandler handler) {
        if (onEventLoop()) {
            return startReading(handler);
        }
        readLoopInNewThread(handler);
        return endpoint.done;
    }

    /** The loop that reads this connection, once the handshake is done (tests look at its pools). */
    ClientLoop loop() {
        return endpoint.loop();
    }

    /** Whether shared event loops read this connection (rather than a thread of its own). */
    public boolean onEventLoop() {
        return config.eventLoops() != null;
    }

    /** Hands the session to its loop, which reads it from now on with {@code handler}. */
    private CompletableFuture<Void> startReading(ClientHandler handler) {
        Session s = session;
        if (s == null) {
            throw new IllegalStateException("handshake first");
        }
        if (!reading.compareAndSet(false, true)) {
            throw new IllegalStateException("a read loop already runs for this client");
        }
        endpoint.readWith(handler);
        ClientLoop loop = endpoint.loop();
        ByteBuffer first = firstFrames;
        firstFrames = null;
        boolean readable = leaveBlocking(s);
        loop.execute(() -> {
            try {
                if (readable && s.attach(first, transport instanceof TlsTransport tls ? loop.tlsPool(packetSize(tls.session())) : null)) {
                    endpoint.attached(s);
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // its loop is gone: the connection ends as if dropped
            }
            s.abort(); // ended before reading started, or its socket or loop is gone
            endpoint.finish();
        });
        return endpoint.done;
    }

    /** The channel turns non-blocking for the loop; false when the socket is gone (the loop then ends the session). */
    private static boolean leaveBlocking(Session s) {
        try {
            return s.leaveBlocking();
        } catch (IOException e) {
            return false;
        }
    }

    /** A TLS record buffer's size: at least the engine's packet size. */
    private static int packetSize(javax.net.ssl.SSLSession tls) {
        return Math.max(17 * 1024, tls.getPacketBufferSize());
    }

    // ------------------------------------------------------------------ writing

    /** Sends a text message. */
    public void writeText(CharSequence text) throws IOException {
        sent(open().write(text));
    }

    /** Alias of {@link #writeText(CharSequence)} (seed: {@code write}). */
    public void write(CharSequence text) throws IOException {
        writeText(text);
    }

    /** Sends a text message whose payload is already UTF-8. */
    public void writeText(byte[] utf8) throws IOException {
        sent(open().writeText(ByteBuffer.wrap(utf8)));
    }

    /** Sends a binary message. */
    public void writeBin(byte[] data) throws IOException {
        sent(open().writeBin(ByteBuffer.wrap(data)));
    }

    /** Sends a binary message from the buffer's remaining bytes (position untouched). */
    public void writeBin(ByteBuffer data) throws IOException {
        sent(open().writeBin(data));
    }

    public void writePing(byte[] payload) throws IOException {
        writeFrame(OpCode.PING, payload);
    }

    public void writePong(byte[] payload) throws IOException {
        writeFrame(OpCode.PONG, payload);
    }

    /** Sends one whole frame of any opcode; control payloads at most 125 bytes. A close frame closes. */
    public void writeFrame(OpCode type, byte[] data) throws IOException {
        Session s = open();
        CloseFrame.checkWritable(type, ByteBuffer.wrap(data), 0, data.length);
        if (type == OpCode.CLOSE) {
            if (!closeWith(s, () -> s.writeFrame(OpCode.CLOSE, ByteBuffer.wrap(data)))) {
                throw new ClosedChannelException();
            }
            return;
        }
        sent(s.writeFrame(type, ByteBuffer.wrap(data)));
    }

    // ------------------------------------------------------------------ back-pressure

    /**
     * Sends a text message without ever waiting (the {@code write} methods of a thread other than
     * the read loop wait while much is queued): {@link SendStatus#BUFFERED} once the queue is past
     * the write-buffer high mark, and the handler's {@code drained} follows when it falls to the
     * low mark; {@link SendStatus#REFUSED} once closed, or when the message would exceed
     * max-queued-bytes (which closes the connection).
     */
    public SendStatus send(CharSequence text) {
        return open().send(text);
    }

    /** A binary message from the buffer's remaining bytes (position untouched), as {@link #send(CharSequence)}. */
    public SendStatus sendBinary(ByteBuffer data) {
        return open().sendBinary(data);
    }

    /** Bytes written and not yet taken by the socket. */
    public long bufferedAmount() {
        return open().bufferedAmount();
    }

    /**
     * Stops reading from the server, from any thread (see {@code Conn.pauseReading}): messages
     * already read are still handed to the handler, then none until {@link #resumeReading()}.
     */
    public void pauseReading() {
        open().pauseReading();
    }

    public void resumeReading() {
        open().resumeReading();
    }

    private Session open() {
        Session s = session;
        if (s == null) {
            throw new IllegalStateException("handshake first");
        }
        return s;
    }

    /** A write the session refused: the connection is over, or the server stopped reading what the loop wrote. */
    private void sent(boolean ok) throws IOException {
        if (!ok) {
            Session s = session;
            if (s.isOpen() && s.channelOpen()) {
                throw new IOException("server not reading: more than " + config.maxQueuedBytes() + " bytes queued");
            }
            throw new ClosedChannelException();
        }
    }

    // ------------------------------------------------------------------ closing

    /** Sends close 1000 and closes the connection (seed: {@code close}). */
    @Override
    public void close() {
        close(CloseCodes.NORMAL, "");
    }

    /** Sends a close with {@code code} and closes the connection (seed: {@code closeWithCode}). */
    public void closeWithCode(int code) {
        close(code, "");
    }

    /**
     * Starts the close handshake with {@code code} and {@code reason}. A running read loop ends
     * when the server answers (or after {@code closeTimeout}); without a read loop, the answer is
     * awaited here. Safe from any thread, and more than once.
     */
    public void close(int code, String reason) {
        Session s = session;
        if (s == null) {
            closeSocket();
            return;
        }
        closeWith(s, () -> {
            s.close(code, reason);
            return true;
        });
    }

    /**
     * Sends our close by {@code send}. With nobody reading, this thread reads (and drops) until
     * the answer, or the close timeout: on this connection's own loop, or waiting for the shared
     * one. False when the session had ended already.
     */
    private boolean closeWith(Session s, BooleanSupplier send) {
        if (s.hasEnded() || !s.isOpen()) {
            return false;
        }
        boolean nobodyReads = !reading.get() && startDropping();
        boolean wasOpen = send.getAsBoolean();
        if (nobodyReads && !endpoint.loop().inLoop()) { // on its own shared loop's thread, waiting would stall the reading
            if (onEventLoop()) {
                try {
                    endpoint.done.get(2 * config.closeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    closeSocket();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closeSocket();
                }
            } else {
                endpoint.loop().runHere();
            }
        }
        return wasOpen;
    }

    /** Starts reading with a handler that drops everything (a close with no read loop); false when one started meanwhile. */
    private boolean startDropping() {
        try {
            startReading(message -> { });
            return true;
        } catch (IllegalStateException raced) {
            return false;
        }
    }

    /** Closes the socket without a close handshake (a failed handshake, or a close before it). */
    private void closeSocket() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
        transport.release();
    }

    // ------------------------------------------------------------------ state

    /** True from the handshake until a close frame was sent or received, or the socket closed. */
    public boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen() && s.channelOpen();
    }

    /** The TLS session of a {@code wss://} connection (protocol, cipher suite, peer certificates), or null. */
    public javax.net.ssl.SSLSession tlsSession() {
        return transport instanceof TlsTransport tls ? tls.session() : null;
    }

    /** The subprotocol the server chose, or null. */
    public String subprotocol() {
        Session s = session;
        return s == null ? null : s.subprotocol();
    }

    /** Headers of the server's 101 answer (names lower-cased). */
    public Map<String, String> responseHeaders() {
        return responseHeaders;
    }

    /** Code of the close frame received or sent (1006 when the connection ended without one); 0 while open. */
    public int closeCode() {
        Session s = session;
        return s == null ? 0 : s.closeCode();
    }

    public String closeReason() {
        Session s = session;
        return s == null ? "" : s.closeReason();
    }

    public ClientConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "WsClient[" + host + ":" + port + (config.tls() ? " tls" : "") + "]";
    }
}
