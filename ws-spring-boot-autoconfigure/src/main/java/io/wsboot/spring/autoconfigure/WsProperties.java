package io.wsboot.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The {@code ws.*} properties: the WebSocket server on its own port. Names and defaults follow
 * the seed library ({@code max_size} becomes {@code ws.max-size}...).
 */
@ConfigurationProperties("ws")
public class WsProperties {

    /** Whether to start the WebSocket server (it also needs at least one @WsHandler bean). */
    private boolean enabled = true;

    /** Port of the WebSocket server: its own port, not server.port. 0 picks a free port (see local.ws.port). */
    private int port = 9223;

    /** Address to bind to. Empty for all interfaces. */
    private String address;

    /** Largest message accepted; larger ones are closed with code 1009. Messages larger than buffer-size are assembled in memory allocated up to this size. */
    private DataSize maxSize = DataSize.ofBytes(65536);

    /** Per-connection buffer for a message that spans reads. Setting it equal to max-size means no allocation after the handshake. */
    private DataSize bufferSize = DataSize.ofBytes(4096);

    /** Handshake buffers created up front and kept; when all are in use, more are created (never waited for). */
    private int handshakePoolCount = 50;

    /** Largest handshake request accepted; larger ones get HTTP 431. */
    private DataSize handshakeMaxSize = DataSize.ofBytes(1024);

    /** Request headers captured for Handshake.headers() (0 captures none). */
    private int maxHeaders = 0;

    /** Time allowed for a complete handshake (slow-loris defence); then HTTP 408. */
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    /** Pass ping frames to the handler instead of answering them with a pong. */
    private boolean handlePing = false;

    /** Pass pong frames to the handler. */
    private boolean handlePong = false;

    /** Pass close frames to the handler instead of answering them; the connection still ends after it. */
    private boolean handleClose = false;

    /** Check that text messages and close reasons are valid UTF-8 (close 1007 when not). */
    private boolean validateUtf8 = true;

    /** Event loop (I/O) threads. Default: the number of available processors. */
    private Integer eventLoops;

    /** Listen backlog of the server socket. */
    private int backlog = 1024;

    /** How long to wait for the peer's answer to a close frame, and for its FIN after ours. */
    private Duration closeTimeout = Duration.ofSeconds(5);

    /** Log a warning naming the handler when one handler call holds an event loop longer than this. 0 turns it off. */
    private Duration loopBlockWarning = Duration.ofMillis(200);

    /** Where handler methods run: on the event loops (fastest; handlers must not block) or on virtual threads. Default: loop, or virtual when spring.threads.virtual.enabled=true on Java 21+ (as Boot does for its own executors). */
    private HandlerExecutor handlerExecutor;

    /** Open connections (handshakes included) beyond which a new handshake gets HTTP 503. 0 for no limit. */
    private int maxConnections = 16384;

    /** Handshakes in progress beyond which a new connection gets HTTP 503 at once, its request unread. */
    private int maxHandshakes = 1024;

    /** Close (1001) a connection that received nothing for this long. 0 turns it off; keep-alive pings usually make it unnecessary. */
    private Duration idleTimeout = Duration.ZERO;

    /** Ping a connection that received nothing for this long, to find dead peers. 0 turns keep-alive pings off. */
    private Duration pingInterval = Duration.ofSeconds(30);

    /** Close (1001) a connection whose ping got no pong within this time. */
    private Duration pongTimeout = Duration.ofSeconds(10);

    /** Unsent bytes one connection may have queued; a slow consumer going beyond is closed with 1008 instead of growing the heap. 0 picks max(4MB, 2 x max-size). */
    private DataSize maxQueuedBytes = DataSize.ofBytes(0);

    /** Origin headers accepted (patterns like https://*.example.com, http://localhost:[*], or *). Empty: requests without Origin, or whose Origin has the same host as the request. */
    private java.util.List<String> allowedOrigins = new java.util.ArrayList<>();

    /** Names this server is reached by, trusted for the same-origin check (patterns like chat.example.com or *.example.com); a defence against DNS rebinding. IP literals, localhost, this machine's host name and any name over wss:// are always trusted. */
    private java.util.List<String> allowedHosts = new java.util.ArrayList<>();

    /** Handshakes in progress from one client address beyond which its new connections get HTTP 503 at once (one address cannot hold every handshake slot). */
    private int maxHandshakesPerAddress = 32;

    /** Open connections from one client address beyond which its handshakes get HTTP 503. 0 for no limit (many users may share an address behind NAT). */
    private int maxConnectionsPerAddress = 0;

    /** Close (1008) a connection whose queued output made no progress for this long: a peer that stopped reading, even one that still sends. 0 turns it off. */
    private Duration writeTimeout = Duration.ofSeconds(30);

    /** Bytes all connections together may hold in messages being received and output not yet sent. Beyond, the connections holding the most are closed with 1013 and new large messages are refused. 0 picks a quarter of the maximum heap. */
    private DataSize maxBufferedBytes = DataSize.ofBytes(0);

    /** Bytes queued for one connection above which a send reports BUFFERED: a producer should wait for the handler's drained call. At most max-queued-bytes. */
    private DataSize writeBufferHighMark = DataSize.ofKilobytes(64);

    /** Bytes queued at or under which a connection that passed the high mark calls its handler's drained. */
    private DataSize writeBufferLowMark = DataSize.ofKilobytes(32);

    /** Topics one connection may be subscribed to; a subscribe beyond is refused (and counted), the connection stays open. */
    private int maxSubscriptions = 1024;

    private final Ssl ssl = new Ssl();

    /** Where topics live: local (this instance's connections), or redis (every instance's, over Redis pub/sub; spring.data.redis.* says which Redis). */
    private Broker broker = Broker.LOCAL;

    private final Redis redis = new Redis();

    /** Where a topic's subscribers are reached. */
    public enum Broker {
        /** This instance's connections only. */
        LOCAL,
        /** Every instance's, over Redis pub/sub (needs spring-boot-starter-data-redis). */
        REDIS
    }

    /** ws.broker=redis: how topics and presence map to Redis. */
    public static class Redis {
        /** Prefix of the Redis channel of each topic: topic room:lobby is channel ws:topic:room:lobby. */
        private String channelPrefix = "ws:topic:";

        /** Prefix of the sorted set holding each topic's members (Presence). */
        private String presencePrefix = "ws:presence:";

        /** How long an instance's presence entries last unless refreshed (every third of it): an instance that dies drops out of every list within this time. */
        private Duration presenceTtl = Duration.ofSeconds(15);

        /** Publishes and presence updates waiting for Redis beyond which more fail at once (counted), instead of memory growing while Redis is slow. */
        private int maxPending = 10_000;

        /** Bytes of messages waiting for Redis beyond which more publishes fail at once (counted): large messages published while Redis is slow cannot fill the heap. */
        private DataSize maxPendingBytes = DataSize.ofMegabytes(64);

        public DataSize getMaxPendingBytes() {
            return maxPendingBytes;
        }

        public void setMaxPendingBytes(DataSize maxPendingBytes) {
            this.maxPendingBytes = maxPendingBytes;
        }

        public String getChannelPrefix() {
            return channelPrefix;
        }

        public void setChannelPrefix(String channelPrefix) {
            this.channelPrefix = channelPrefix;
        }

        public String getPresencePrefix() {
            return presencePrefix;
        }

        public void setPresencePrefix(String presencePrefix) {
            this.presencePrefix = presencePrefix;
        }

        public Duration getPresenceTtl() {
            return presenceTtl;
        }

        public void setPresenceTtl(Duration presenceTtl) {
            this.presenceTtl = presenceTtl;
        }

        public int getMaxPending() {
            return maxPending;
        }

        public void setMaxPending(int maxPending) {
            this.maxPending = maxPending;
        }
    }

    /** TLS of the WebSocket server. */
    public static class Ssl {
        /** Name of the SSL bundle (spring.ssl.bundle.*) with the server's key and certificate: the server then speaks wss:// only (TLS 1.3 and 1.2). */
        private String bundle;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }

    /** permessage-deflate: on by default; without context takeover either way, so idle connections pin no zlib memory. */
    @org.springframework.boot.context.properties.NestedConfigurationProperty
    private final CompressionProperties compression = new CompressionProperties(io.wsboot.CompressionConfig.serverDefaults());

    /** Where handler calls run. */
    public enum HandlerExecutor {
        /** On the event loop owning the connection: fastest, but a blocking handler stalls its loop. */
        LOOP,
        /** On virtual threads (Java 21+), else a bounded thread pool: for handlers that block. */
        VIRTUAL
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public DataSize getMaxSize() {
        return maxSize;
    }

    public void setMaxSize(DataSize maxSize) {
        this.maxSize = maxSize;
    }

    public DataSize getBufferSize() {
        return bufferSize;
    }

    public void setBufferSize(DataSize bufferSize) {
        this.bufferSize = bufferSize;
    }

    public int getHandshakePoolCount() {
        return handshakePoolCount;
    }

    public void setHandshakePoolCount(int handshakePoolCount) {
        this.handshakePoolCount = handshakePoolCount;
    }

    public DataSize getHandshakeMaxSize() {
        return handshakeMaxSize;
    }

    public void setHandshakeMaxSize(DataSize handshakeMaxSize) {
        this.handshakeMaxSize = handshakeMaxSize;
    }

    public int getMaxHeaders() {
        return maxHeaders;
    }

    public void setMaxHeaders(int maxHeaders) {
        this.maxHeaders = maxHeaders;
    }

    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public boolean isHandlePing() {
        return handlePing;
    }

    public void setHandlePing(boolean handlePing) {
        this.handlePing = handlePing;
    }

    public boolean isHandlePong() {
        return handlePong;
    }

    public void setHandlePong(boolean handlePong) {
        this.handlePong = handlePong;
    }

    public boolean isHandleClose() {
        return handleClose;
    }

    public void setHandleClose(boolean handleClose) {
        this.handleClose = handleClose;
    }

    public boolean isValidateUtf8() {
        return validateUtf8;
    }

    public void setValidateUtf8(boolean validateUtf8) {
        this.validateUtf8 = validateUtf8;
    }

    public Integer getEventLoops() {
        return eventLoops;
    }

    public void setEventLoops(Integer eventLoops) {
        this.eventLoops = eventLoops;
    }

    public int getBacklog() {
        return backlog;
    }

    public void setBacklog(int backlog) {
        this.backlog = backlog;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public Duration getLoopBlockWarning() {
        return loopBlockWarning;
    }

    public void setLoopBlockWarning(Duration loopBlockWarning) {
        this.loopBlockWarning = loopBlockWarning;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxHandshakes() {
        return maxHandshakes;
    }

    public void setMaxHandshakes(int maxHandshakes) {
        this.maxHandshakes = maxHandshakes;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getPingInterval() {
        return pingInterval;
    }

    public void setPingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    public Duration getPongTimeout() {
        return pongTimeout;
    }

    public void setPongTimeout(Duration pongTimeout) {
        this.pongTimeout = pongTimeout;
    }

    public DataSize getMaxQueuedBytes() {
        return maxQueuedBytes;
    }

    public void setMaxQueuedBytes(DataSize maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    public java.util.List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(java.util.List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    public java.util.List<String> getAllowedHosts() {
        return allowedHosts;
    }

    public void setAllowedHosts(java.util.List<String> allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    public int getMaxHandshakesPerAddress() {
        return maxHandshakesPerAddress;
    }

    public void setMaxHandshakesPerAddress(int maxHandshakesPerAddress) {
        this.maxHandshakesPerAddress = maxHandshakesPerAddress;
    }

    public int getMaxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
    }

    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    public DataSize getMaxBufferedBytes() {
        return maxBufferedBytes;
    }

    public void setMaxBufferedBytes(DataSize maxBufferedBytes) {
        this.maxBufferedBytes = maxBufferedBytes;
    }

    public DataSize getWriteBufferHighMark() {
        return writeBufferHighMark;
    }

    public void setWriteBufferHighMark(DataSize writeBufferHighMark) {
        this.writeBufferHighMark = writeBufferHighMark;
    }

    public DataSize getWriteBufferLowMark() {
        return writeBufferLowMark;
    }

    public void setWriteBufferLowMark(DataSize writeBufferLowMark) {
        this.writeBufferLowMark = writeBufferLowMark;
    }

    public int getMaxSubscriptions() {
        return maxSubscriptions;
    }

    public void setMaxSubscriptions(int maxSubscriptions) {
        this.maxSubscriptions = maxSubscriptions;
    }

    public Ssl getSsl() {
        return ssl;
    }

    public CompressionProperties getCompression() {
        return compression;
    }

    public HandlerExecutor getHandlerExecutor() {
        return handlerExecutor;
    }

    public void setHandlerExecutor(HandlerExecutor handlerExecutor) {
        this.handlerExecutor = handlerExecutor;
    }

    public Broker getBroker() {
        return broker;
    }

    public void setBroker(Broker broker) {
        this.broker = broker;
    }

    public Redis getRedis() {
        return redis;
    }
}
