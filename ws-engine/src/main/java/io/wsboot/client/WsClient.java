package io.wsboot.client;

import io.wsboot.codec.BufferSource;
import io.wsboot.codec.CloseFrame;
import io.wsboot.codec.FrameDecoder;
import io.wsboot.codec.FrameWriter;
import io.wsboot.codec.ProtocolException;
import io.wsboot.deflate.DeflateParams;
import io.wsboot.deflate.MessageDeflater;
import io.wsboot.deflate.MessageInflater;
import io.wsboot.deflate.ZlibPool;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import io.wsboot.session.MessageView;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A WebSocket client (seed: {@code websocket.connect}, {@code client.handshake},
 * {@code readLoop}...): one thread reads (the read loop), any number of threads write. With
 * {@link ClientConfig.Builder#eventLoops} set, connections are read by shared
 * {@link ClientEventLoops} instead of a thread each.
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
 * concurrently: frames never interleave, and each thread's writes keep their order. What the
 * server sends is checked as strictly as the server checks clients (masked frames, reserved
 * bits, bad UTF-8, bad close codes, oversize: the connection is closed with the matching code).
 */
public final class WsClient implements AutoCloseable {
    private final Socket socket;
    /** The socket's channel when shared event loops may serve it (plain TCP), else null. */
    private final SocketChannel channel;
    /** Set once an event loop reads this connection: writes then go through it. */
    private volatile LoopChannel nio;
    /** TLS of a connection an event loop will serve (wss:// with loops), else null. */
    private final EngineTls engineTls;
    private final InputStream in;
    private final OutputStream out;
    private final ClientConfig config;
    private final String host;
    private final int port;

    // reading (the read loop's thread only, after the handshake)
    /** The read thread's buffer, made when that thread starts (event loops read into their own). */
    private ByteBuffer readBuffer;
    /** What the server sent after its handshake answer: the first frames, read next. */
    private ByteBuffer firstFrames = ByteBuffer.allocate(0);
    private final FrameDecoder decoder;
    private MessageView message;
    private final AtomicBoolean loopStarted = new AtomicBoolean();
    private volatile Thread loopThread;

    // writing: every frame goes through `outbound` under writeLock. Frames the read loop's thread
    // writes while it dispatches are held back and flushed once per read burst.
    private final Object writeLock = new Object();
    private final ClientOutbound outbound;
    private boolean dispatching;
    /** The read loop's thread held frames back during this burst (its own field: read without the lock). */
    private boolean heldBack;

    private volatile boolean handshaken;
    private volatile boolean closeSent;
    private volatile boolean closed;
    private volatile int closeCode;
    private volatile String closeReason = "";
    private volatile String subprotocol;
    private volatile Map<String, String> responseHeaders = Map.of();
    private final ClientObserver.ConnectionObserver observer;
    // permessage-deflate, when agreed
    private ZlibPool zlib;
    private final AtomicBoolean closeObserved = new AtomicBoolean();

    private WsClient(Socket socket, SocketChannel channel, EngineTls tls, String host, int port, ClientConfig config)
            throws IOException {
        this.socket = socket;
        this.channel = channel;
        this.engineTls = tls;
        this.in = tls != null ? tls.input() : socket.getInputStream();
        this.out = tls != null ? tls.output() : socket.getOutputStream();
        this.config = config;
        this.host = host;
        this.port = port;
        this.decoder = new FrameDecoder(false, config.maxSize(), config.validateUtf8(), new OneBuffer(config.bufferSize()));
        this.outbound = new ClientOutbound(config, out);
        this.observer = config.observer().connection(host + ":" + port);
    }

    /** Opens the TCP (and, with {@code config.tls()}, TLS) connection; {@link #handshake} comes next. */
    public static WsClient connect(String host, int port, ClientConfig config) throws IOException {
        if (config.eventLoops() != null) {
            return connectChannel(host, port, config);
        }
        Socket s = new Socket();
        try {
            long started = System.nanoTime();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, config.connectTimeout().toMillis()));
            if (config.tls()) {
                s = TlsSockets.wrap(s, host, port, config, left(config.connectTimeout(), started));
            }
            return new WsClient(s, null, null, host, port, config);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * A socket channel, blocking until the read loop starts on an event loop; TLS through an
     * SSLEngine (an SSLSocket cannot be handed to a selector).
     */
    private static WsClient connectChannel(String host, int port, ClientConfig config) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            long started = System.nanoTime();
            Socket s = ch.socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, config.connectTimeout().toMillis()));
            EngineTls tls = null;
            if (config.tls()) {
                tls = new EngineTls(TlsSockets.engine(host, port, config), ch);
                Deadline.within(left(config.connectTimeout(), started), ch, "TLS handshake", config.connectTimeout(), tls::handshake);
            }
            return new WsClient(s, ch, tls, host, port, config);
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
        if (handshaken) {
            throw new IllegalStateException("handshake already done");
        }
        long started = System.nanoTime();
        try {
            doHandshake(path, timeout, headers, subprotocols);
        } catch (WsHandshakeException e) {
            observer.handshakeFailed(e.status());
            throw e;
        } catch (IOException | RuntimeException e) {
            observer.handshakeFailed(0);
            throw e;
        }
        observer.opened(System.nanoTime() - started);
        return this;
    }

    private void doHandshake(String path, Duration timeout, Map<String, String> headers, String... subprotocols) throws IOException {
        OpeningHandshake.Result r;
        try {
            synchronized (writeLock) {
                r = new OpeningHandshake(socket, in, out, config).perform(host, port, path, timeout, headers, subprotocols);
            }
        } catch (WsHandshakeException e) {
            closeSocket(); // refused or a bad answer: this connection is of no further use
            throw e;
        }
        subprotocol = r.subprotocol();
        if (r.deflate() != null) {
            enableCompression(r.deflate());
        }
        responseHeaders = r.headers();
        firstFrames = r.firstFrames();
        handshaken = true;
    }

    /** permessage-deflate agreed: inflate what the server compresses, compress what we send. */
    private void enableCompression(DeflateParams p) {
        zlib = new ZlibPool(config.compression().level(), 1);
        decoder.enableInflation(new MessageInflater(zlib, !p.serverNoContextTakeover()), config.compression().maxInflateRatio());
        outbound.compressWith(new MessageDeflater(zlib, !p.clientNoContextTakeover(), p.clientMaxWindowBits(),
                config.compression().level()));
    }

    /** Whether permessage-deflate was agreed. */
    public boolean compressed() {
        return outbound.compressing();
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads and dispatches messages until the connection is closed (by either side or by an
     * error), then calls {@code handler.close()}, exactly once. Blocks the calling thread (which
     * does the reading, unless an event loop does).
     */
    public void readLoop(ClientHandler handler) {
        if (onEventLoop() && Thread.currentThread().getName().startsWith(ClientLoop.NAME_PREFIX)) {
            throw new IllegalStateException("readLoop would block an event loop thread until the connection ends; use readLoopAsync");
        }
        claimReadLoop();
        if (onEventLoop()) {
            startOnEventLoop(handler).join();
        } else {
            runReadLoop(handler);
        }
    }

    /** Runs {@link #readLoop} in a new (daemon) thread, started and returned; join it to wait for the end. */
    public Thread readLoopInNewThread(ClientHandler handler) {
        claimReadLoop(); // now, not in the new thread: a close() right after this call must see the loop
        Runnable body;
        if (onEventLoop()) {
            CompletableFuture<Void> done = startOnEventLoop(handler);
            body = done::join; // the loop reads; this thread only marks the end for join()
        } else {
            body = () -> runReadLoop(handler);
        }
        Thread t = new Thread(body, "ws-client-" + host + ":" + port);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Starts reading without blocking: on an event loop when the config names one, else on a
     * new daemon thread. The future completes once the
     * handler's {@code close} has returned.
     */
    public CompletableFuture<Void> readLoopAsync(ClientHandler handler) {
        claimReadLoop();
        if (onEventLoop()) {
            return startOnEventLoop(handler);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                runReadLoop(handler);
            } finally {
                done.complete(null);
            }
        }, "ws-client-" + host + ":" + port);
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** The buffer a reading thread reads into, holding the first frames to begin with. */
    private ByteBuffer threadReadBuffer() {
        if (readBuffer == null) {
            readBuffer = ByteBuffer.allocate(Math.max(config.bufferSize(), firstFrames.remaining())).put(firstFrames).flip();
            firstFrames = null;
        }
        return readBuffer;
    }

    /** Whether shared event loops read this connection (rather than a thread of its own). */
    public boolean onEventLoop() {
        return channel != null;
    }

    private CompletableFuture<Void> startOnEventLoop(ClientHandler handler) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ClientLoop loop = config.eventLoops().next();
        Dispatcher d = new Dispatcher(handler);
        LoopChannel lc = new LoopChannel(channel, loop, writeLock, engineTls, config.maxQueuedBytes());
        message = new MessageView(loop.readBuffer);
        loopThread = loop.thread;
        LoopChannel.Sink sink = new LoopChannel.Sink() {
            @Override
            public boolean input(ByteBuffer in) {
                return onInput(in, d);
            }

            @Override
            public void ended() {
                try {
                    endReadLoop(d);
                } finally {
                    done.complete(null);
                }
            }

            @Override
            public void overflowed(String reason) {
                // no close frame: the socket is full, and it would queue behind what overflowed
                if (!closed) {
                    closeCode = CloseCodes.POLICY_VIOLATION;
                    closeReason = reason;
                    closeSocket();
                }
            }
        };
        synchronized (writeLock) {
            try {
                lc.start(sink, firstFrames);
                firstFrames = null;
                nio = lc;
                outbound.useChannel(lc);
            } catch (IOException e) {
                closeSocket();
                sink.ended();
            }
        }
        return done;
    }

    private void claimReadLoop() {
        if (!handshaken) {
            throw new IllegalStateException("handshake first");
        }
        if (!loopStarted.compareAndSet(false, true)) {
            throw new IllegalStateException("a read loop already runs for this client");
        }
    }

    private void runReadLoop(ClientHandler handler) {
        loopThread = Thread.currentThread();
        ByteBuffer readBuffer = threadReadBuffer();
        message = new MessageView(readBuffer);
        Dispatcher d = new Dispatcher(handler);
        try {
            while (true) {
                if (!readBuffer.hasRemaining()) {
                    int n = in.read(readBuffer.array(), 0, readBuffer.capacity());
                    if (n < 0) {
                        break;
                    }
                    readBuffer.position(0).limit(n);
                }
                if (!onInput(readBuffer, d)) {
                    break;
                }
            }
        } catch (IOException e) {
            // reset, closed under us, or no close answer in time: the connection is over
        } finally {
            endReadLoop(d);
        }
    }

    /**
     * Decodes and dispatches {@code in}; what the handler wrote meanwhile goes out in one write
     * afterwards. False when the connection is over.
     */
    private boolean onInput(ByteBuffer in, Dispatcher d) {
        try {
            dispatching = true;
            decoder.feed(in, d);
        } catch (ProtocolException e) {
            fail(e.closeCode(), e.getMessage());
            return false;
        } finally {
            dispatching = false;
            flushPending();
        }
        return !d.stop;
    }

    /** The read loop is over: settle the close code, release, close the socket, tell the handler. */
    private void endReadLoop(Dispatcher d) {
        if (closeCode == 0) {
            closeCode = CloseCodes.ABNORMAL;
        }
        decoder.release();
        if (!(d.peerClosed && config.handleClose() && !closeSent)) {
            closeSocket();
        }
        loopThread = null;
        try {
            d.handler.close();
        } catch (RuntimeException ignored) {
            // the handler's own problem; the loop is over anyway
        }
    }

    /** Hands decoded messages to the handler and answers control frames. */
    private final class Dispatcher implements FrameDecoder.Listener {
        private final ClientHandler handler;
        boolean stop;
        boolean peerClosed;

        Dispatcher(ClientHandler handler) {
            this.handler = handler;
        }

        @Override
        public boolean onMessage(OpCode type, ByteBuffer buf, int offset, int length) {
            observer.received(type, length);
            if (!closeSent) {
                deliver(type, buf, offset, length);
            }
            return !stop;
        }

        @Override
        public boolean onControl(OpCode type, ByteBuffer buf, int offset, int length) {
            observer.received(type, length);
            switch (type) {
                case PING -> {
                    if (config.handlePing()) {
                        deliver(type, buf, offset, length);
                    } else if (!closeSent) {
                        byte[] p = new byte[length];
                        buf.get(offset, p);
                        try {
                            writeFrame(OpCode.PONG, p);
                        } catch (IOException e) {
                            stop = true;
                        }
                    }
                }
                case PONG -> {
                    if (config.handlePong()) {
                        deliver(type, buf, offset, length);
                    }
                }
                default -> {
                    peerClosed = true;
                    int code = CloseFrame.code(buf, offset, length);
                    if (closeCode == 0 || !closeSent) {
                        closeCode = code;
                        closeReason = CloseFrame.reason(buf, offset, length);
                    }
                    if (config.handleClose()) {
                        deliver(type, buf, offset, length);
                    } else if (!closeSent) {
                        sendClose(CloseFrame.echo(code));
                    }
                    stop = true;
                }
            }
            return !stop;
        }

        private void deliver(OpCode type, ByteBuffer buf, int offset, int length) {
            try {
                handler.handle(message.set(type, buf, offset, length));
            } catch (Exception e) {
                fail(CloseCodes.INTERNAL_ERROR, "handler error");
                stop = true;
            } finally {
                message.clear();
            }
        }
    }

    /** One assembly buffer of bufferSize, reused: messages up to that size need no allocation. */
    private static final class OneBuffer implements BufferSource {
        private final int size;
        private ByteBuffer spare;

        OneBuffer(int size) {
            this.size = size;
        }

        @Override
        public int bufferSize() {
            return size;
        }

        @Override
        public ByteBuffer acquire() {
            ByteBuffer b = spare != null ? spare : ByteBuffer.allocate(size);
            spare = null;
            return b.clear();
        }

        @Override
        public void release(ByteBuffer buffer) {
            spare = buffer;
        }
    }

    // ------------------------------------------------------------------ writing

    /** Sends a text message. */
    public void writeText(CharSequence text) throws IOException {
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        send(OpCode.TEXT, b, 0, b.length);
    }

    /** Alias of {@link #writeText(CharSequence)} (seed: {@code write}). */
    public void write(CharSequence text) throws IOException {
        writeText(text);
    }

    /** Sends a text message whose payload is already UTF-8. */
    public void writeText(byte[] utf8) throws IOException {
        send(OpCode.TEXT, utf8, 0, utf8.length);
    }

    /** Sends a binary message. */
    public void writeBin(byte[] data) throws IOException {
        send(OpCode.BINARY, data, 0, data.length);
    }

    /** Sends a binary message from the buffer's remaining bytes (position untouched). */
    public void writeBin(ByteBuffer data) throws IOException {
        byte[] b = new byte[data.remaining()];
        data.get(data.position(), b);
        send(OpCode.BINARY, b, 0, b.length);
    }

    public void writePing(byte[] payload) throws IOException {
        writeFrame(OpCode.PING, payload);
    }

    public void writePong(byte[] payload) throws IOException {
        writeFrame(OpCode.PONG, payload);
    }

    /** Sends one whole frame of any opcode; control payloads at most 125 bytes. A close frame closes. */
    public void writeFrame(OpCode type, byte[] data) throws IOException {
        CloseFrame.checkWritable(type, ByteBuffer.wrap(data), 0, data.length);
        if (type == OpCode.CLOSE) {
            Deadline deadline = Deadline.running(config.closeTimeout(), this::closeSocket);
            if (!sendClose(data)) {
                deadline.close();
                throw new ClosedChannelException();
            }
            afterCloseSent(deadline);
            return;
        }
        send(type, data, 0, data.length);
    }

    private void send(OpCode type, byte[] src, int off, int len) throws IOException {
        synchronized (writeLock) {
            if (closeSent || closed) {
                throw new ClosedChannelException();
            }
            writeFrameLocked(FrameWriter.firstByte(true, 0, type), src, off, len);
        }
    }

    /** Frames, masks and sends (or holds back, on the dispatching read loop). Write lock held. */
    private void writeFrameLocked(int firstByte, byte[] src, int off, int len) throws IOException {
        observer.sent(OpCode.of(firstByte & 0x0F), len);
        boolean holdBack = dispatching && Thread.currentThread() == loopThread;
        if (holdBack) {
            heldBack = true;
        }
        outbound.frame(firstByte, src, off, len, holdBack);
    }

    /** The read loop's flush at the end of a read burst. */
    private void flushPending() {
        if (!heldBack) {
            // nothing of ours to send: do not wait for the lock, which a writer blocked on a full
            // socket may hold while it needs this loop to go on reading
            return;
        }
        heldBack = false;
        synchronized (writeLock) {
            try {
                outbound.flush();
            } catch (IOException e) {
                closeSocket();
            }
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
        if (closed) {
            return;
        }
        // one deadline for the whole close: writing our frame (the server may not read), then its answer
        Deadline deadline = Deadline.running(config.closeTimeout(), this::closeSocket);
        if (sendClose(CloseFrame.payload(code, reason))) {
            afterCloseSent(deadline);
        } else if (!loopStarted.get()) {
            deadline.close();
            closeSocket();
        }
    }

    /** Writes our close frame once; false when one was sent already or the socket is gone. */
    private boolean sendClose(byte[] payload) {
        synchronized (writeLock) {
            if (closeSent || closed) {
                return false;
            }
            closeSent = true;
            if (closeCode == 0) {
                closeCode = CloseFrame.code(payload);
                closeReason = CloseFrame.reason(payload);
            }
            try {
                writeFrameLocked(FrameWriter.firstByte(true, 0, OpCode.CLOSE), payload, 0, payload.length);
                outbound.flush(); // a close is never held back: the socket may be closed right after
            } catch (IOException e) {
                closeSocket();
            }
            return true;
        }
    }

    /** Our close is out: the read loop (or this thread) waits for the answer until the deadline closes the socket. */
    private void afterCloseSent(Deadline deadline) {
        if (!handshaken || closed) {
            deadline.close();
            closeSocket();
            return;
        }
        if (loopStarted.get()) {
            return; // the read loop sees the answer and ends; if none comes in time, the deadline closes the socket
        }
        try {
            awaitCloseAnswer();
        } finally {
            deadline.close();
        }
    }

    /** No read loop: read (and drop) until the server's close frame, FIN, or the close deadline. */
    private void awaitCloseAnswer() {
        if (!loopStarted.compareAndSet(false, true)) {
            return;
        }
        try {
            FrameDecoder.Listener untilClose = new FrameDecoder.Listener() {
                @Override
                public boolean onMessage(OpCode type, ByteBuffer buf, int offset, int length) {
                    return true;
                }

                @Override
                public boolean onControl(OpCode type, ByteBuffer buf, int offset, int length) {
                    return type != OpCode.CLOSE;
                }
            };
            ByteBuffer readBuffer = threadReadBuffer();
            while (true) {
                if (!readBuffer.hasRemaining()) {
                    int n = in.read(readBuffer.array(), 0, readBuffer.capacity());
                    if (n < 0) {
                        break;
                    }
                    readBuffer.position(0).limit(n);
                }
                if (!decoder.feed(readBuffer, untilClose)) {
                    break;
                }
            }
        } catch (IOException | ProtocolException ignored) {
            // timed out or broken: close anyway
        } finally {
            decoder.release();
            closeSocket();
        }
    }

    /** A protocol or handler error: close with {@code code} and drop the connection. */
    private void fail(int code, String reason) {
        if (closed) {
            return; // already over, with the code it ended with
        }
        sendClose(CloseFrame.payload(code, reason));
        closeCode = code;
        closeReason = reason;
        closeSocket();
    }

    private void closeSocket() {
        closed = true;
        try {
            socket.close(); // first: a writer blocked on a full socket lets go of the write lock
        } catch (IOException ignored) {
            // already gone
        }
        synchronized (writeLock) {
            outbound.release();
            if (zlib != null) {
                zlib.close();
            }
        }
        LoopChannel lc = nio;
        if (lc != null) {
            lc.closed(); // the loop stops reading and runs the handler's close
        }
        if (handshaken && closeObserved.compareAndSet(false, true)) {
            observer.closed(closeCode == 0 ? CloseCodes.ABNORMAL : closeCode);
        }
    }

    // ------------------------------------------------------------------ state

    /** True from the handshake until a close frame was sent or received, or the socket closed. */
    public boolean isOpen() {
        return handshaken && !closed && !closeSent && !socket.isClosed();
    }

    /** The TLS session of a {@code wss://} connection (protocol, cipher suite, peer certificates), or null. */
    public javax.net.ssl.SSLSession tlsSession() {
        if (engineTls != null) {
            return engineTls.session();
        }
        return socket instanceof javax.net.ssl.SSLSocket ssl ? ssl.getSession() : null;
    }

    /** The subprotocol the server chose, or null. */
    public String subprotocol() {
        return subprotocol;
    }

    /** Headers of the server's 101 answer (names lower-cased). */
    public Map<String, String> responseHeaders() {
        return responseHeaders;
    }

    /** Code of the close frame received or sent (1006 when the connection ended without one); 0 while open. */
    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    public ClientConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "WsClient[" + host + ":" + port + (config.tls() ? " tls" : "") + "]";
    }
}
