package io.wsboot;

import java.time.Duration;
import java.util.Objects;

/**
 * Server settings, named like the {@code ws.*} properties (seed names in brackets). Validated on
 * construction: an invalid value fails with a message naming the setting and the fix.
 *
 * @param port               TCP port, 0 for any free one (9223)
 * @param address            address to bind, null or empty for all interfaces [address]
 * @param maxSize            largest message accepted; larger gets close 1009 (65536) [max_size]
 * @param bufferSize         per-connection buffer for a message that spans reads; messages larger
 *                           are assembled in memory allocated up to maxSize (4096) [buffer_size]
 * @param handshakePoolCount handshake buffers made up front and kept (50) [handshake_pool_count]
 * @param handshakeMaxSize   largest handshake request accepted (1024) [handshake_max_size]
 * @param maxHeaders         request headers captured in {@link Handshake#headers()} (0) [max_headers]
 * @param handshakeTimeout   time allowed for a complete handshake (10s) [handshake_timeout_ms]
 * @param handlePing         pass pings to the handler instead of answering them (false)
 * @param handlePong         pass pongs to the handler (false)
 * @param handleClose        pass close frames to the handler instead of answering them (false)
 * @param validateUtf8       check that text messages and close reasons are UTF-8 (true)
 * @param eventLoops         I/O threads (number of cores)
 * @param backlog            listen backlog (1024)
 * @param closeTimeout       wait for the peer's close reply, and for its FIN after ours (5s)
 * @param loopBlockWarning   log a warning naming the handler when one call holds an event loop
 *                           longer than this; zero turns the check off (200ms)
 * @param compression        permessage-deflate (on: {@link CompressionConfig#serverDefaults()})
 * @param maxConnections     open connections (handshakes included) beyond which a handshake gets
 *                           503; 0 for no limit (16384)
 * @param maxHandshakes      handshakes in progress beyond which a new connection gets 503 at once
 *                           (1024)
 * @param idleTimeout        close (1001) a connection that received nothing for this long; zero
 *                           turns it off (0)
 * @param pingInterval       ping a connection that received nothing for this long; zero turns
 *                           keep-alive pings off (30s)
 * @param pongTimeout        close (1001) a connection whose ping got no pong for this long (10s)
 * @param maxQueuedBytes     unsent bytes one connection may have queued; beyond, the slow
 *                           consumer is closed with 1008; 0 means max(4 MiB, 2 x max-size)
 * @param allowedOrigins     Origin headers accepted (patterns: {@code https://*.example.com},
 *                           {@code http://localhost:[*]}, {@code *}); empty: requests without
 *                           Origin, or whose Origin has the host of the Host header, when that
 *                           host is one this server trusts (see allowedHosts)
 * @param allowedHosts       names this server is reached by, trusted for the same-origin check
 *                           (patterns: {@code chat.example.com}, {@code *.example.com}); always
 *                           trusted: IP literals, {@code localhost}, this machine's host name,
 *                           and any name over wss:// (a rebound name fails the certificate)
 * @param maxHandshakesPerAddress handshakes in progress from one client address beyond which a
 *                           new connection from it gets 503 at once (32)
 * @param maxConnectionsPerAddress open connections from one client address beyond which its
 *                           handshakes get 503; 0 for no limit (0: addresses are shared behind NAT)
 * @param writeTimeout       close a connection whose queued output made no progress for this
 *                           long (a peer that stopped reading); zero turns it off (30s)
 * @param maxBufferedBytes   bytes all connections together may hold in messages being received
 *                           and output not yet sent; beyond, the largest holders are closed with
 *                           1013; 0 means a quarter of the maximum heap
 * @param writeBufferHighMark queued bytes of one connection above which a send reports
 *                           {@link SendStatus#BUFFERED} (64 KiB; at most max-queued-bytes, the
 *                           bound where a connection is closed rather than warned)
 * @param writeBufferLowMark queued bytes at or under which a connection that passed the high
 *                           mark calls its handler's {@link Handler#drained} (32 KiB; at most the
 *                           high mark)
 * @param maxSubscriptions   topics one connection may be subscribed to; a subscribe beyond is
 *                           refused (1024)
 */
public record ServerConfig(
        int port,
        String address,
        int maxSize,
        int bufferSize,
        int handshakePoolCount,
        int handshakeMaxSize,
        int maxHeaders,
        Duration handshakeTimeout,
        boolean handlePing,
        boolean handlePong,
        boolean handleClose,
        boolean validateUtf8,
        int eventLoops,
        int backlog,
        Duration closeTimeout,
        Duration loopBlockWarning,
        CompressionConfig compression,
        int maxConnections,
        int maxHandshakes,
        Duration idleTimeout,
        Duration pingInterval,
        Duration pongTimeout,
        long maxQueuedBytes,
        java.util.List<String> allowedOrigins,
        java.util.List<String> allowedHosts,
        int maxHandshakesPerAddress,
        int maxConnectionsPerAddress,
        Duration writeTimeout,
        long maxBufferedBytes,
        long writeBufferHighMark,
        long writeBufferLowMark,
        int maxSubscriptions) {

    /** Smallest handshake buffer that can hold the headers RFC 6455 requires. */
    public static final int MIN_HANDSHAKE_SIZE = 256;
    /** Largest max-size: payloads are assembled in one Java array. */
    public static final int MAX_MESSAGE_SIZE = Integer.MAX_VALUE - 64;

    public ServerConfig {
        check(port >= 0 && port <= 65535, "port", port, "must be between 0 and 65535 (0 picks a free port)");
        check(bufferSize >= 128, "buffer-size", bufferSize, "must be at least 128 bytes");
        check(maxSize >= bufferSize, "max-size", maxSize,
                "must be at least buffer-size (" + bufferSize + "); set them equal for no allocation after the handshake");
        check(maxSize <= MAX_MESSAGE_SIZE, "max-size", maxSize, "must be at most " + MAX_MESSAGE_SIZE);
        check(handshakePoolCount >= 0, "handshake-pool-count", handshakePoolCount, "must not be negative");
        check(handshakeMaxSize >= MIN_HANDSHAKE_SIZE && handshakeMaxSize <= 1 << 20, "handshake-max-size", handshakeMaxSize,
                "must be between " + MIN_HANDSHAKE_SIZE + " bytes (the headers RFC 6455 requires) and 1 MiB");
        check(maxHeaders >= 0, "max-headers", maxHeaders, "must not be negative (0 captures none)");
        checkPositive(handshakeTimeout, "handshake-timeout");
        check(eventLoops >= 1 && eventLoops <= 1024, "event-loops", eventLoops, "must be between 1 and 1024");
        check(backlog >= 1, "backlog", backlog, "must be at least 1");
        checkPositive(closeTimeout, "close-timeout");
        check(maxConnections >= 0, "max-connections", maxConnections, "must not be negative (0 means no limit)");
        check(maxHandshakes >= 1, "max-handshakes", maxHandshakes, "must be at least 1");
        checkNotNegative(idleTimeout, "idle-timeout");
        checkNotNegative(pingInterval, "ping-interval");
        checkPositive(pongTimeout, "pong-timeout");
        check(maxQueuedBytes >= 0, "max-queued-bytes", maxQueuedBytes, "must not be negative (0 picks max(4MB, 2 x max-size))");
        allowedOrigins = allowedOrigins == null ? java.util.List.of() : java.util.List.copyOf(allowedOrigins);
        allowedHosts = allowedHosts == null ? java.util.List.of() : java.util.List.copyOf(allowedHosts);
        check(maxHandshakesPerAddress >= 1, "max-handshakes-per-address", maxHandshakesPerAddress, "must be at least 1");
        check(maxConnectionsPerAddress >= 0, "max-connections-per-address", maxConnectionsPerAddress,
                "must not be negative (0 means no limit)");
        checkNotNegative(writeTimeout, "write-timeout");
        check(maxBufferedBytes >= 0, "max-buffered-bytes", maxBufferedBytes, "must not be negative (0 picks a quarter of the heap)");
        check(writeBufferLowMark >= 0, "write-buffer-low-mark", writeBufferLowMark, "must not be negative");
        check(writeBufferHighMark >= writeBufferLowMark, "write-buffer-high-mark", writeBufferHighMark,
                "must be at least write-buffer-low-mark (" + writeBufferLowMark + ")");
        check(maxSubscriptions >= 0, "max-subscriptions", maxSubscriptions, "must not be negative (0: connections subscribe to nothing)");
        Objects.requireNonNull(loopBlockWarning, "loop-block-warning");
        check(!loopBlockWarning.isNegative(), "loop-block-warning", loopBlockWarning, "must not be negative (0 turns it off)");
        Objects.requireNonNull(compression, "compression");
        if (address != null && address.isBlank()) {
            address = null;
        }
    }

    /** The seed's defaults; event loops = available processors. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    private static void check(boolean ok, String name, Object value, String rule) {
        if (!ok) {
            throw new InvalidConfigException(name, value, rule);
        }
    }

    /** The bound on one connection's unsent bytes, with the automatic default resolved. */
    public long queuedBytesLimit() {
        return maxQueuedBytes > 0 ? maxQueuedBytes : Math.max(4L << 20, 2L * maxSize);
    }

    /** The server-wide bound on buffered bytes, with the automatic default resolved. */
    public long bufferedBytesLimit() {
        return maxBufferedBytes > 0 ? maxBufferedBytes : Runtime.getRuntime().maxMemory() / 4;
    }

    private static void checkNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        check(!d.isNegative(), name, d, "must not be negative (0 turns it off)");
    }

    private static void checkPositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        check(!d.isNegative() && !d.isZero(), name, d, "must be positive");
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.address = address;
        b.maxSize = maxSize;
        b.bufferSize = bufferSize;
        b.handshakePoolCount = handshakePoolCount;
        b.handshakeMaxSize = handshakeMaxSize;
        b.maxHeaders = maxHeaders;
        b.handshakeTimeout = handshakeTimeout;
        b.handlePing = handlePing;
        b.handlePong = handlePong;
        b.handleClose = handleClose;
        b.validateUtf8 = validateUtf8;
        b.eventLoops = eventLoops;
        b.backlog = backlog;
        b.closeTimeout = closeTimeout;
        b.loopBlockWarning = loopBlockWarning;
        b.compression = compression;
        b.maxConnections = maxConnections;
        b.maxHandshakes = maxHandshakes;
        b.idleTimeout = idleTimeout;
        b.pingInterval = pingInterval;
        b.pongTimeout = pongTimeout;
        b.maxQueuedBytes = maxQueuedBytes;
        b.allowedOrigins = allowedOrigins;
        b.allowedHosts = allowedHosts;
        b.maxHandshakesPerAddress = maxHandshakesPerAddress;
        b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        b.writeTimeout = writeTimeout;
        b.maxBufferedBytes = maxBufferedBytes;
        b.writeBufferHighMark = writeBufferHighMark;
        b.writeBufferLowMark = writeBufferLowMark;
        b.maxSubscriptions = maxSubscriptions;
        return b;
    }

    /**
     * Builds a {@link ServerConfig}: each setting declared here once, with its default; each
     * method sets the component of the same name (see {@link ServerConfig} for what it means).
     * Validated together by {@link #build()}, so the order of the calls does not matter.
     * {@code WsServer.Builder} wraps one.
     */
    public static final class Builder {
        private int port = 9223;
        private String address;
        private int maxSize = 65536;
        private int bufferSize = 4096;
        private int handshakePoolCount = 50;
        private int handshakeMaxSize = 1024;
        private int maxHeaders;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private boolean handlePing;
        private boolean handlePong;
        private boolean handleClose;
        private boolean validateUtf8 = true;
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private int backlog = 1024;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Duration loopBlockWarning = Duration.ofMillis(200);
        private CompressionConfig compression = CompressionConfig.serverDefaults();
        private int maxConnections = 16384;
        private int maxHandshakes = 1024;
        private Duration idleTimeout = Duration.ZERO;
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration pongTimeout = Duration.ofSeconds(10);
        private long maxQueuedBytes;
        private java.util.List<String> allowedOrigins = java.util.List.of();
        private java.util.List<String> allowedHosts = java.util.List.of();
        private int maxHandshakesPerAddress = 32;
        private int maxConnectionsPerAddress;
        private Duration writeTimeout = Duration.ofSeconds(30);
        private long maxBufferedBytes;
        private long writeBufferHighMark = 64 * 1024;
        private long writeBufferLowMark = 32 * 1024;
        private int maxSubscriptions = 1024;

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder maxSize(int bytes) {
            this.maxSize = bytes;
            return this;
        }

        public Builder bufferSize(int bytes) {
            this.bufferSize = bytes;
            return this;
        }

        public Builder handshakePoolCount(int count) {
            this.handshakePoolCount = count;
            return this;
        }

        public Builder handshakeMaxSize(int bytes) {
            this.handshakeMaxSize = bytes;
            return this;
        }

        public Builder maxHeaders(int count) {
            this.maxHeaders = count;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        public Builder handlePing(boolean on) {
            this.handlePing = on;
            return this;
        }

        public Builder handlePong(boolean on) {
            this.handlePong = on;
            return this;
        }

        public Builder handleClose(boolean on) {
            this.handleClose = on;
            return this;
        }

        public Builder validateUtf8(boolean on) {
            this.validateUtf8 = on;
            return this;
        }

        public Builder eventLoops(int threads) {
            this.eventLoops = threads;
            return this;
        }

        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        public Builder loopBlockWarning(Duration threshold) {
            this.loopBlockWarning = threshold;
            return this;
        }

        public Builder compression(CompressionConfig compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        public Builder maxHandshakes(int max) {
            this.maxHandshakes = max;
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        public Builder pongTimeout(Duration timeout) {
            this.pongTimeout = timeout;
            return this;
        }

        public Builder maxQueuedBytes(long bytes) {
            this.maxQueuedBytes = bytes;
            return this;
        }

        public Builder allowedOrigins(String... patterns) {
            this.allowedOrigins = java.util.List.of(patterns);
            return this;
        }

        public Builder allowedHosts(String... patterns) {
            this.allowedHosts = java.util.List.of(patterns);
            return this;
        }

        public Builder maxHandshakesPerAddress(int max) {
            this.maxHandshakesPerAddress = max;
            return this;
        }

        public Builder maxConnectionsPerAddress(int max) {
            this.maxConnectionsPerAddress = max;
            return this;
        }

        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = timeout;
            return this;
        }

        public Builder maxBufferedBytes(long bytes) {
            this.maxBufferedBytes = bytes;
            return this;
        }

        public Builder writeBufferHighMark(long bytes) {
            this.writeBufferHighMark = bytes;
            return this;
        }

        public Builder writeBufferLowMark(long bytes) {
            this.writeBufferLowMark = bytes;
            return this;
        }

        public Builder maxSubscriptions(int max) {
            this.maxSubscriptions = max;
            return this;
        }

        /** The settings, validated: a value that cannot work throws {@link InvalidConfigException} naming it. */
        public ServerConfig build() {
            return new ServerConfig(port, address, maxSize, bufferSize, handshakePoolCount, handshakeMaxSize, maxHeaders, handshakeTimeout, handlePing, handlePong, handleClose, validateUtf8, eventLoops, backlog, closeTimeout, loopBlockWarning, compression, maxConnections, maxHandshakes, idleTimeout, pingInterval, pongTimeout, maxQueuedBytes, allowedOrigins, allowedHosts, maxHandshakesPerAddress, maxConnectionsPerAddress, writeTimeout, maxBufferedBytes, writeBufferHighMark, writeBufferLowMark, maxSubscriptions);
        }
    }

    /** A setting with a value that cannot work. */
    public static final class InvalidConfigException extends IllegalArgumentException {
        private final String setting;
        private final transient Object value;
        private final String rule;

        public InvalidConfigException(String setting, Object value, String rule) {
            super("invalid " + setting + " = " + value + ": " + setting + " " + rule);
            this.setting = setting;
            this.value = value;
            this.rule = rule;
        }

        /** The setting's name as in the {@code ws.*} properties, e.g. {@code max-size}. */
        public String setting() {
            return setting;
        }

        public Object value() {
            return value;
        }

        /** What a valid value looks like. */
        public String rule() {
            return rule;
        }
    }
}
