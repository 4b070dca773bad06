package io.wsboot.server;

import io.wsboot.Handler;
import io.wsboot.PathTemplate;
import io.wsboot.ServerConfig;
import io.wsboot.ServerObserver;
import io.wsboot.session.SessionSettings;
import io.wsboot.transport.MemoryBudget;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The running server: listening socket, event loops, routes and what the loops share. Built and
 * driven by {@code io.wsboot.server.WsServer}; public only so that layer can reach it.
 */
final class ServerEngine {
    private static final System.Logger LOG = System.getLogger(ServerEngine.class.getName());

    final ServerConfig config;
    /** Where handler calls run; null = on the event loops. */
    final Executor handlerExecutor;
    private final ExecutorService ownedExecutor;
    final HandshakeBufferPool handshakeBuffers;
    final ServerObserver observer;
    /** Deflaters and inflaters lent per message to connections without compression context. */
    final io.wsboot.deflate.ZlibPool zlib;
    private final Routes routes = new Routes();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger handshaking = new AtomicInteger();
    final io.wsboot.handshake.OriginPolicy origins;
    final AddressLimits addresses;
    /** Bytes held in messages being received and output not yet sent, all connections together. */
    final MemoryBudget budget;
    /** What every session of this server runs by: made once. */
    final SessionSettings sessionSettings;
    /** wss:// when set. */
    final javax.net.ssl.SSLContext sslContext;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong handlerErrors = new AtomicLong();

    private ServerLoop[] loops;
    /** The server's topics: what its connections subscribe to. */
    final TopicRegistry topics;
    private final io.wsboot.TopicRelay relay;
    private ServerSocketChannel server;
    private LoopWatchdog watchdog;
    private InetSocketAddress localAddress;
    private CompletableFuture<Void> stopped;

    /**
     * @param handlerExecutor where handler calls run, null for the event loops
     * @param ownedExecutor   shut down on stop (the executor we made), or null
     * @param observer        sees connections, messages and errors (metrics)
     * @param relay           carries the topics to other instances ({@link io.wsboot.TopicRelay#NONE}: none)
     */
    public ServerEngine(ServerConfig config, Map<String, Handler> handlers, Executor handlerExecutor, ExecutorService ownedExecutor,
                        ServerObserver observer, javax.net.ssl.SSLContext sslContext, io.wsboot.TopicRelay relay) {
        this.relay = relay;
        this.topics = new TopicRegistry(relay);
        this.sslContext = sslContext;
        this.config = config;
        this.handlerExecutor = handlerExecutor;
        this.ownedExecutor = ownedExecutor;
        this.observer = observer;
        this.handshakeBuffers = new HandshakeBufferPool(config.handshakePoolCount(), config.handshakeMaxSize());
        this.zlib = new io.wsboot.deflate.ZlibPool(config.compression().level(), 4 * config.eventLoops());
        this.origins = new io.wsboot.handshake.OriginPolicy(config.allowedOrigins(), config.allowedHosts());
        this.addresses = new AddressLimits(config.maxHandshakesPerAddress(), config.maxConnectionsPerAddress());
        this.budget = new MemoryBudget(config.bufferedBytesLimit());
        this.sessionSettings = SessionSettings.of(config);
        handlers.forEach((path, h) -> {
            PathCounters counters = new PathCounters(config.eventLoops());
            routes.add(new Route(PathTemplate.parse(path), h, counters, observer.path(path, counters)));
        });
    }

    /** Binds the port and starts the loops. */
    public synchronized void start() throws IOException {
        if (loops != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocketChannel ssc = ServerSocketChannel.open();
        ServerLoop[] ls = new ServerLoop[config.eventLoops()];
        try {
            ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            InetAddress addr = config.address() == null ? null : InetAddress.getByName(config.address());
            ssc.bind(new InetSocketAddress(addr, config.port()), config.backlog());
            ssc.configureBlocking(false);
            for (int i = 0; i < ls.length; i++) {
                ls[i] = new ServerLoop(this, i);
            }
            ls[0].register(ssc, SelectionKey.OP_ACCEPT, new Acceptor(this, ssc, ls));
        } catch (IOException | RuntimeException e) {
            ServerLoop.closeQuietly(ssc);
            throw e;
        }
        server = ssc;
        localAddress = (InetSocketAddress) ssc.getLocalAddress();
        topics.start(ls);
        loops = ls;
        budget.onSpent(() -> {
            for (ServerLoop l : ls) {
                l.execute(l::reclaim);
            }
        });
        for (ServerLoop l : ls) {
            l.thread().start();
        }
        relay.started(topics);
        if (!config.pingInterval().isZero() || !config.idleTimeout().isZero() || !config.writeTimeout().isZero()) {
            for (ServerLoop l : ls) {
                l.execute(l::startKeepalive);
            }
        }
        if (!config.loopBlockWarning().isZero() && handlerExecutor == null) {
            watchdog = new LoopWatchdog(ls, config.loopBlockWarning());
            watchdog.start();
        }
    }

    /**
     * Stops: no new connections, 1001 to every open one, close callbacks run, port released.
     * Connections still open after {@code grace} are closed at once. Safe from any thread.
     */
    public synchronized CompletableFuture<Void> stop(Duration grace) {
        if (stopped != null) {
            return stopped;
        }
        stopped = new CompletableFuture<>();
        if (loops == null) {
            stopped.complete(null);
            return stopped;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        ServerLoop.closeQuietly(server);
        CompletableFuture<?>[] ends = new CompletableFuture<?>[loops.length];
        for (int i = 0; i < loops.length; i++) {
            ServerLoop l = loops[i];
            l.execute(() -> l.beginStop(deadline));
            ends[i] = l.terminated;
        }
        CompletableFuture<Void> done = stopped;
        CompletableFuture.allOf(ends).whenComplete((v, e) -> {
            Thread t = new Thread(() -> finishStop(deadline, done), "ws-stop");
            t.setDaemon(true);
            t.start();
        });
        return stopped;
    }

    /** After the loops: wait for close callbacks still running on the handler executor. */
    private void finishStop(long deadline, CompletableFuture<Void> done) {
        try {
            while (sessions.get() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            if (sessions.get() > 0) {
                LOG.log(System.Logger.Level.WARNING, sessions.get() + " close callbacks still running after the stop timeout");
            }
            if (ownedExecutor != null) {
                ownedExecutor.shutdown();
                long left = Math.max(0, deadline - System.nanoTime());
                if (!ownedExecutor.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    ownedExecutor.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (watchdog != null) {
                watchdog.stop();
            }
            try {
                relay.stopped(topics);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the topic relay failed to stop", e);
            }
            zlib.close();
            done.complete(null);
        }
    }

    public synchronized boolean isRunning() {
        return loops != null && stopped == null;
    }

    /** The bound address (with the actual port when 0 was asked). */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Whether the calling thread is one of this server's event loops. */
    public boolean isEventLoopThread() {
        ServerLoop[] ls = loops;
        if (ls != null) {
            for (ServerLoop l : ls) {
                if (l.inLoop()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** TCP connections accepted and not yet closed (handshaking ones included). */
    public int connectionCount() {
        return connections.get();
    }

    /** Connections whose init succeeded and whose close callback has not finished. */
    public int openSessionCount() {
        return sessions.get();
    }

    public long rejectedHandshakes() {
        return rejected.get();
    }

    /** A server-side TLS engine: TLS 1.3 and 1.2 (what this JVM supports of them). */
    javax.net.ssl.SSLEngine newSslEngine() {
        javax.net.ssl.SSLEngine e = sslContext.createSSLEngine();
        e.setUseClientMode(false);
        java.util.List<String> supported = java.util.Arrays.asList(e.getSupportedProtocols());
        e.setEnabledProtocols(java.util.stream.Stream.of("TLSv1.3", "TLSv1.2").filter(supported::contains).toArray(String[]::new));
        return e;
    }

    /** Size of the buffers holding TLS records. */
    int tlsPacketSize() {
        return Math.max(17 * 1024, newSslEngine().getSession().getPacketBufferSize());
    }

    /** Whether this server speaks wss://. */
    public boolean isTls() {
        return sslContext != null;
    }

    /** Pooled buffers lent out right now, by pool: chunks (outbound), assembly (inbound), handshake. */
    public Map<String, Integer> buffersBorrowed() {
        int chunks = 0;
        int assembly = 0;
        ServerLoop[] ls = loops;
        if (ls != null) {
            for (ServerLoop l : ls) {
                chunks += l.chunksBorrowed() + l.tlsBorrowed();
                assembly += l.assemblyBorrowed();
            }
        }
        return Map.of("chunks", chunks, "assembly", assembly,
                "handshake", handshakeBuffers.capacity() - handshakeBuffers.available(), "zlib", zlib.borrowed());
    }

    /**
     * The loops and a page of the oldest and the busiest open connections. Each loop lists its
     * own connections as a task of its own (so a busy loop answers after its current turn; one
     * that does not within {@code wait} is reported with none listed); nothing is locked.
     */
    public ServerView view(int limit, java.time.Duration wait) {
        ServerLoop[] ls = loops;
        if (ls == null) {
            return new ServerView(java.util.List.of(), 0, java.util.List.of(), java.util.List.of());
        }
        java.util.List<java.util.concurrent.CompletableFuture<ServerView>> asked = new java.util.ArrayList<>();
        for (ServerLoop l : ls) {
            java.util.concurrent.CompletableFuture<ServerView> f = new java.util.concurrent.CompletableFuture<>();
            l.execute(() -> f.complete(l.page(limit)));
            asked.add(f);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        java.util.List<ServerView.Loop> loopViews = new java.util.ArrayList<>();
        java.util.List<ServerView.Connection> oldest = new java.util.ArrayList<>();
        java.util.List<ServerView.Connection> busiest = new java.util.ArrayList<>();
        int open = 0;
        for (int i = 0; i < ls.length; i++) {
            try {
                ServerView page = asked.get(i).get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                open += page.connections();
                oldest.addAll(page.oldest());
                busiest.addAll(page.busiest());
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // a loop that did not answer in time: counted, not listed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            loopViews.add(new ServerView.Loop(ls[i].thread().getName(), ls[i].connectionCount(), !ls[i].isDead()));
        }
        oldest.sort(java.util.Comparator.comparing(ServerView.Connection::age).reversed());
        busiest.sort(java.util.Comparator.comparingLong(ServerView.Connection::messagesReceived).reversed()
                .thenComparing(java.util.Comparator.comparingLong(ServerView.Connection::bufferedBytes).reversed()));
        return new ServerView(java.util.List.copyOf(loopViews), open, oldest.stream().limit(limit).toList(),
                busiest.stream().limit(limit).toList());
    }

    /** Names of the event loops that ended while the server runs (they serve nothing: health reports DOWN). */
    public java.util.List<String> deadEventLoops() {
        ServerLoop[] ls = loops;
        java.util.List<String> dead = new java.util.ArrayList<>();
        if (ls != null) {
            for (ServerLoop l : ls) {
                if (l.isDead()) {
                    dead.add(l.thread().getName());
                }
            }
        }
        return dead;
    }

    /** Bytes held in messages being received and output not yet sent (what max-buffered-bytes bounds). */
    public long bufferedBytes() {
        return budget.used();
    }

    /** The bound on {@link #bufferedBytes()}. */
    public long bufferedBytesLimit() {
        return budget.limit();
    }

    /** Deflaters and inflaters lent out right now (0 when no compressed message is in flight). */
    public int zlibBorrowed() {
        return zlib.borrowed();
    }

    public long handlerErrors() {
        return handlerErrors.get();
    }

    /** Message counters of each handler path. */
    public Map<String, io.wsboot.PathStats> stats() {
        Map<String, io.wsboot.PathStats> m = new LinkedHashMap<>();
        routes.all().forEach(r -> m.put(r.path(), r.counters()));
        return m;
    }

    public Map<String, Handler> handlers() {
        Map<String, Handler> m = new LinkedHashMap<>();
        routes.all().forEach(r -> m.put(r.path(), r.handler()));
        return m;
    }

    // --- used by the loops ---

    /** The route serving a request path, with the variables its template captured; null for none. */
    Routes.Match route(String path) {
        return routes.find(path);
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    void connectionOpened() {
        connections.incrementAndGet();
    }

    void connectionClosed(InetAddress peer) {
        connections.decrementAndGet();
        addresses.connectionClosed(peer);
    }

    int handshakesInProgress() {
        return handshaking.get();
    }

    void handshakeStarted() {
        handshaking.incrementAndGet();
    }

    void handshakeEnded(InetAddress peer) {
        handshaking.decrementAndGet();
        addresses.handshakeEnded(peer);
    }

    /** Handshakes in progress right now. */
    public int handshakeCount() {
        return handshaking.get();
    }

    void sessionOpened() {
        sessions.incrementAndGet();
    }

    void sessionClosed() {
        sessions.decrementAndGet();
    }

    void handshakeRejected(Route route, ServerObserver.RejectReason reason, int status) {
        rejected.incrementAndGet();
        observer.handshakeRejected(route == null ? null : route.path(), reason, status);
    }

    void handlerError(Route route, Throwable t) {
        handlerErrors.incrementAndGet();
        route.observer().handlerError(t);
    }
}
