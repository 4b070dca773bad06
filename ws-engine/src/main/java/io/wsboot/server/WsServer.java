package io.wsboot.server;

import io.wsboot.CompressionConfig;
import io.wsboot.Handler;
import io.wsboot.ServerConfig;
import io.wsboot.ServerObserver;
import io.wsboot.Topics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket server on its own port (seed: {@code websocket.listen}), usable without Spring:
 *
 * <pre>{@code
 * WsServer server = WsServer.builder()
 *         .port(9223)
 *         .handler("/echo", (conn, msg) -> conn.writeFrame(msg.type(), msg.data()))
 *         .start();
 * ...
 * server.stop();
 * }</pre>
 */
public final class WsServer implements AutoCloseable {
    /** How long {@link #stop()} lets connections answer their 1001 close. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);

    private final ServerEngine engine;
    private final ServerConfig config;

    private WsServer(ServerEngine engine, ServerConfig config) {
        this.engine = engine;
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port listened on (the real one when 0 was configured). */
    public int port() {
        return engine.localAddress().getPort();
    }

    public InetSocketAddress localAddress() {
        return engine.localAddress();
    }

    public ServerConfig config() {
        return config;
    }

    public boolean isRunning() {
        return engine.isRunning();
    }

    /** Open TCP connections, handshakes in progress included. */
    /** The server's topics: publish to them from any thread (see {@link Topics}). */
    public Topics topics() {
        return engine.topics;
    }

    public int connectionCount() {
        return engine.connectionCount();
    }

    /**
     * What the server holds now, for an operator: its event loops, and the {@code limit} oldest and
     * busiest open connections. Each loop lists its own connections between two of its turns, so
     * this takes about one turn of the busiest loop (at most a second); any thread.
     */
    public ServerView view(int limit) {
        return engine.view(limit, java.time.Duration.ofSeconds(1));
    }

    /** Connections whose handler {@code close} callback is still owed. */
    public int openSessionCount() {
        return engine.openSessionCount();
    }

    /** Message counters of each handler path. */
    public java.util.Map<String, io.wsboot.PathStats> stats() {
        return engine.stats();
    }

    /** Handshakes in progress right now (bounded by max-handshakes). */
    public int handshakeCount() {
        return engine.handshakeCount();
    }

    /**
     * Pooled resources lent out right now, by pool: {@code chunks} (outbound buffers),
     * {@code assembly} (buffers of messages being received), {@code handshake}, {@code zlib}.
     * All 0 on a quiet server: nothing leaks.
     */
    public java.util.Map<String, Integer> buffersBorrowed() {
        return engine.buffersBorrowed();
    }

    /**
     * The event loops that ended while the server runs: empty while all serve. A loop survives
     * any failure of one turn (an Error included); one that ends anyway (its selector gone)
     * leaves its connections closed, and health reports the server DOWN.
     */
    public java.util.List<String> deadEventLoops() {
        return engine.deadEventLoops();
    }

    /**
     * Bytes held right now in messages being received and output not yet sent, all connections
     * together: what {@code max-buffered-bytes} bounds. 0 on a quiet server.
     */
    public long bufferedBytes() {
        return engine.bufferedBytes();
    }

    /** The bound on {@link #bufferedBytes()} (max-buffered-bytes, its default resolved). */
    public long bufferedBytesLimit() {
        return engine.bufferedBytesLimit();
    }

    /** zlib deflaters and inflaters lent to connections right now (0 when no compressed message is in flight). */
    public int zlibBorrowed() {
        return engine.zlibBorrowed();
    }

    /** Handshakes answered with an HTTP error since start. */
    public long rejectedHandshakes() {
        return engine.rejectedHandshakes();
    }

    /** Handler calls that threw since start. */
    public long handlerErrors() {
        return engine.handlerErrors();
    }

    /** Stops with {@link #DEFAULT_STOP_GRACE}; see {@link #stop(Duration)}. */
    public void stop() {
        stop(DEFAULT_STOP_GRACE);
    }

    /**
     * Refuses new connections, sends 1001 to every open one, waits up to {@code grace} for their
     * close handshakes, closes what is left, runs every {@code close} callback and releases the
     * port. Safe from any thread; called from a handler (an event loop) it starts the stop and
     * returns without waiting, since the loop must keep running to finish it.
     */
    public void stop(Duration grace) {
        CompletableFuture<Void> f = stopAsync(grace);
        if (engine.isEventLoopThread()) {
            return;
        }
        try {
            f.get(grace.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("server did not stop", e);
        }
    }

    /** Starts stopping; the future completes once the port is released and callbacks have run. */
    public CompletableFuture<Void> stopAsync(Duration grace) {
        return engine.stop(grace);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "WsServer" + engine.handlers().keySet() + " on " + engine.localAddress();
    }

    /** Settings (defaults from the seed), handlers and the handler executor. */
    public static final class Builder {
        /** The settings being built: every one declared, with its default, in {@link ServerConfig.Builder}. */
        private ServerConfig.Builder config = ServerConfig.builder();
        private javax.net.ssl.SSLContext sslContext;
        private final Map<String, Handler> handlers = new LinkedHashMap<>();
        private Executor executor;
        private boolean offload;
        private ServerObserver observer = ServerObserver.NOOP;
        private io.wsboot.TopicRelay relay = io.wsboot.TopicRelay.NONE;

        private Builder() {
        }

        /** Takes every setting from {@code c}. */
        public Builder config(ServerConfig c) {
            config = c.toBuilder();
            return this;
        }

        public Builder port(int port) {
            config.port(port);
            return this;
        }

        /** Address to bind; null or "" for all interfaces. */
        public Builder address(String address) {
            config.address(address);
            return this;
        }

        public Builder maxSize(int bytes) {
            config.maxSize(bytes);
            return this;
        }

        public Builder bufferSize(int bytes) {
            config.bufferSize(bytes);
            return this;
        }

        public Builder handshakePoolCount(int count) {
            config.handshakePoolCount(count);
            return this;
        }

        public Builder handshakeMaxSize(int bytes) {
            config.handshakeMaxSize(bytes);
            return this;
        }

        public Builder maxHeaders(int count) {
            config.maxHeaders(count);
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            config.handshakeTimeout(timeout);
            return this;
        }

        public Builder handlePing(boolean on) {
            config.handlePing(on);
            return this;
        }

        public Builder handlePong(boolean on) {
            config.handlePong(on);
            return this;
        }

        public Builder handleClose(boolean on) {
            config.handleClose(on);
            return this;
        }

        public Builder validateUtf8(boolean on) {
            config.validateUtf8(on);
            return this;
        }

        public Builder eventLoops(int threads) {
            config.eventLoops(threads);
            return this;
        }

        public Builder backlog(int backlog) {
            config.backlog(backlog);
            return this;
        }

        public Builder closeTimeout(Duration timeout) {
            config.closeTimeout(timeout);
            return this;
        }

        /** Warn when one handler call holds an event loop longer than this; zero turns it off. */
        public Builder loopBlockWarning(Duration threshold) {
            config.loopBlockWarning(threshold);
            return this;
        }

        /** permessage-deflate settings (on by default; {@code CompressionConfig.disabled()} turns it off). */
        public Builder compression(CompressionConfig compression) {
            config.compression(compression);
            return this;
        }

        /** Open connections beyond which a handshake gets 503; 0 for no limit. */
        public Builder maxConnections(int max) {
            config.maxConnections(max);
            return this;
        }

        /** Handshakes in progress beyond which a new connection gets 503 at once. */
        public Builder maxHandshakes(int max) {
            config.maxHandshakes(max);
            return this;
        }

        /** Close (1001) connections that received nothing for this long; zero turns it off. */
        public Builder idleTimeout(Duration timeout) {
            config.idleTimeout(timeout);
            return this;
        }

        /** Ping connections that received nothing for this long; zero turns it off. */
        public Builder pingInterval(Duration interval) {
            config.pingInterval(interval);
            return this;
        }

        /** Close (1001) a connection whose ping got no pong for this long. */
        public Builder pongTimeout(Duration timeout) {
            config.pongTimeout(timeout);
            return this;
        }

        /** Unsent bytes one connection may have queued; beyond, it is closed with 1008. 0 = max(4 MiB, 2 x max-size). */
        public Builder maxQueuedBytes(long bytes) {
            config.maxQueuedBytes(bytes);
            return this;
        }

        /** Origin headers accepted (see {@link ServerConfig}); none given: same host, or no Origin. */
        public Builder allowedOrigins(String... patterns) {
            config.allowedOrigins(patterns);
            return this;
        }

        /**
         * Names this server is reached by, trusted for the same-origin check (patterns:
         * {@code chat.example.com}, {@code *.example.com}); IP literals, localhost, this
         * machine's name and any name over wss:// are always trusted. See {@link ServerConfig}.
         */
        public Builder allowedHosts(String... patterns) {
            config.allowedHosts(patterns);
            return this;
        }

        /** Handshakes in progress from one client address beyond which its new connections get 503 at once. */
        public Builder maxHandshakesPerAddress(int max) {
            config.maxHandshakesPerAddress(max);
            return this;
        }

        /** Open connections from one client address beyond which its handshakes get 503; 0 for no limit. */
        public Builder maxConnectionsPerAddress(int max) {
            config.maxConnectionsPerAddress(max);
            return this;
        }

        /** Close a connection whose queued output made no progress for this long; zero turns it off. */
        public Builder writeTimeout(Duration timeout) {
            config.writeTimeout(timeout);
            return this;
        }

        /**
         * Bytes all connections together may hold in messages being received and output not yet
         * sent; beyond, the largest holders are closed with 1013. 0 = a quarter of the heap.
         */
        public Builder maxBufferedBytes(long bytes) {
            config.maxBufferedBytes(bytes);
            return this;
        }

        /** Queued bytes above which a send reports {@code BUFFERED} (64 KiB). */
        public Builder writeBufferHighMark(long bytes) {
            config.writeBufferHighMark(bytes);
            return this;
        }

        /** Queued bytes at or under which, after the high mark, the handler's {@code drained} runs (32 KiB). */
        public Builder writeBufferLowMark(long bytes) {
            config.writeBufferLowMark(bytes);
            return this;
        }

        /** Topics one connection may be subscribed to; a subscribe beyond is refused (1024). */
        public Builder maxSubscriptions(int max) {
            config.maxSubscriptions(max);
            return this;
        }

        /** Carries the topics to other instances (the Spring module's Redis relay); none by default. */
        public Builder topicRelay(io.wsboot.TopicRelay relay) {
            this.relay = java.util.Objects.requireNonNull(relay, "relay");
            return this;
        }

        /** Serve wss:// with this TLS context (TLS 1.3 and 1.2); null for plain ws://. */
        public Builder ssl(javax.net.ssl.SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * Serves {@code path} with {@code handler}: a literal path ("/chat") or a template
         * ("/rooms/{room}", see {@link io.wsboot.PathTemplate}). A literal path wins over a
         * template; of two templates the more specific wins.
         *
         * @throws IllegalArgumentException for a bad template, a path served already, or a
         *         template as specific as another one that may match the same paths
         */
        public Builder handler(String path, Handler handler) {
            Objects.requireNonNull(handler, "handler");
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("handler path must start with '/': " + path);
            }
            io.wsboot.PathTemplate template = io.wsboot.PathTemplate.parse(path);
            Handler previous = handlers.get(path);
            if (previous != null) {
                throw new IllegalArgumentException("two handlers for path " + path + ": " + previous + " and " + handler);
            }
            handlers.forEach((other, h) -> {
                if (io.wsboot.PathTemplate.parse(other).ambiguousWith(template)) {
                    throw new IllegalArgumentException("handler paths " + other + " (" + h + ") and " + path + " (" + handler
                            + ") are ambiguous: a path could match both, and neither is more specific");
                }
            });
            handlers.put(path, handler);
            return this;
        }

        /**
         * Runs handler calls on {@code executor} instead of the event loops: for handlers that
         * block. Calls for one connection stay in order and never overlap. The executor is not
         * shut down by the server.
         */
        public Builder handlerExecutor(Executor executor) {
            this.executor = executor;
            this.offload = false;
            return this;
        }

        /**
         * Runs handler calls on a server-owned executor: virtual threads when the JVM has them,
         * else a bounded pool. The safe choice for handlers that call blocking code.
         */
        public Builder offloadHandlers() {
            this.offload = true;
            this.executor = null;
            return this;
        }

        /** Sees connections, messages and errors: how metrics get their data. */
        public Builder observer(ServerObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** The handlers added so far, by path. */
        public Map<String, Handler> handlers() {
            return java.util.Collections.unmodifiableMap(handlers);
        }

        /** The settings as they stand, validated. */
        public ServerConfig buildConfig() {
            return config.build();
        }

        /** Validates the settings, binds the port and starts serving. */
        public WsServer start() throws IOException {
            ServerConfig c = buildConfig();
            if (handlers.isEmpty()) {
                throw new IllegalStateException("no handler: add one with handler(path, handler)");
            }
            ExecutorService owned = offload ? HandlerExecutors.newDefault() : null;
            ServerEngine engine = new ServerEngine(c, handlers, owned != null ? owned : executor, owned, observer, sslContext, relay);
            try {
                engine.start();
            } catch (IOException | RuntimeException e) {
                if (owned != null) {
                    owned.shutdownNow();
                }
                throw e;
            }
            return new WsServer(engine, c);
        }
    }
}
