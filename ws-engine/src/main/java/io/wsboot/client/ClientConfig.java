package io.wsboot.client;

import io.wsboot.CompressionConfig;
import io.wsboot.ServerConfig;
import io.wsboot.ServerConfig.InvalidConfigException;
import io.wsboot.session.SessionSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Client settings (seed: the third parameter of {@code websocket.connect}). Immutable; build with
 * {@link #builder()}, as {@link ServerConfig}. A value that cannot work fails {@link Builder#build()}
 * with an {@link InvalidConfigException} naming the setting as the {@code ws.client.*} properties do.
 */
public final class ClientConfig {
    /** The settings, as the builder declared them: a private copy, never changed. */
    private final Builder s;
    private final SessionSettings sessionSettings;

    private ClientConfig(Builder b) {
        // named as in the ws.client.* properties, like ServerConfig's settings
        check(b.bufferSize >= 128, "client.buffer-size", b.bufferSize, "must be at least 128 bytes");
        check(b.maxSize >= b.bufferSize, "client.max-size", b.maxSize, "must be at least client.buffer-size (" + b.bufferSize + ")");
        check(b.maxSize <= ServerConfig.MAX_MESSAGE_SIZE, "client.max-size", b.maxSize, "must be at most " + ServerConfig.MAX_MESSAGE_SIZE);
        check(b.maxQueuedBytes >= 1, "client.max-queued-bytes", b.maxQueuedBytes, "must be positive");
        check(b.writeBufferLowMark >= 0, "client.write-buffer-low-mark", b.writeBufferLowMark, "must not be negative");
        check(b.writeBufferHighMark >= b.writeBufferLowMark, "client.write-buffer-high-mark", b.writeBufferHighMark,
                "must be at least client.write-buffer-low-mark (" + b.writeBufferLowMark + ")");
        checkPositive(b.connectTimeout, "client.connect-timeout");
        checkPositive(b.handshakeTimeout, "client.handshake-timeout");
        checkPositive(b.closeTimeout, "client.close-timeout");
        Objects.requireNonNull(b.observer, "observer");
        Objects.requireNonNull(b.compression, "compression");
        this.s = b.copy();
        this.sessionSettings = new SessionSettings(s.handlePing, s.handlePong, s.handleClose, s.closeTimeout, s.maxQueuedBytes,
                s.compression, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, // no client timeouts but the close's
                Math.min(s.writeBufferHighMark, s.maxQueuedBytes), Math.min(s.writeBufferLowMark, s.maxQueuedBytes), true);
    }

    /** What the sessions of clients with this config run by. */
    SessionSettings sessionSettings() {
        return sessionSettings;
    }

    private static void check(boolean ok, String name, Object value, String rule) {
        if (!ok) {
            throw new InvalidConfigException(name, value, rule);
        }
    }

    private static void checkPositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        check(!d.isNegative() && !d.isZero(), name, d, "must be positive");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The seed's defaults: 64 KiB messages, 4 KiB buffer, no TLS, automatic ping/pong/close. */
    public static ClientConfig defaults() {
        return builder().build();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return s.copy();
    }

    public int maxSize() {
        return s.maxSize;
    }

    public int bufferSize() {
        return s.bufferSize;
    }

    public boolean tls() {
        return s.tls;
    }

    /** The TLS context; null means the JVM's default (its trust store, cacerts). */
    public SSLContext sslContext() {
        return s.sslContext;
    }

    public boolean verifyHostname() {
        return s.verifyHostname;
    }

    public List<String> tlsProtocols() {
        return s.tlsProtocols;
    }

    public boolean handlePing() {
        return s.handlePing;
    }

    public boolean handlePong() {
        return s.handlePong;
    }

    public boolean handleClose() {
        return s.handleClose;
    }

    public boolean validateUtf8() {
        return s.validateUtf8;
    }

    public Duration connectTimeout() {
        return s.connectTimeout;
    }

    /** Time allowed for the server's handshake answer when connecting by URI. */
    public Duration handshakeTimeout() {
        return s.handshakeTimeout;
    }

    public Duration closeTimeout() {
        return s.closeTimeout;
    }

    /**
     * The most bytes a connection's handler (on the read loop's thread) may have written that the
     * server has not taken yet: those writes never block. Beyond it the connection is closed
     * (1008) and the write fails, instead of the heap growing under a server that stopped reading.
     * Other threads' writes wait for the queue to drain instead.
     */
    public long maxQueuedBytes() {
        return s.maxQueuedBytes;
    }

    /** Queued bytes above which {@code WsClient.send} reports {@code BUFFERED}. */
    public long writeBufferHighMark() {
        return s.writeBufferHighMark;
    }

    /** Queued bytes at or under which, after the high mark, the handler's {@code drained} runs. */
    public long writeBufferLowMark() {
        return s.writeBufferLowMark;
    }

    public ClientObserver observer() {
        return s.observer;
    }

    /** Shared event loops that read the connections, or null: a loop of its own on the read loop's thread. */
    public ClientEventLoops eventLoops() {
        return s.eventLoops;
    }

    /** permessage-deflate: offered when enabled (off by default for the client). */
    public CompressionConfig compression() {
        return s.compression;
    }

    /** Builds a {@link ClientConfig}. */
    public static final class Builder {
        private int maxSize = 65536;
        private int bufferSize = 4096;
        private boolean tls;
        private SSLContext sslContext;
        private boolean verifyHostname = true;
        private List<String> tlsProtocols = List.of("TLSv1.3", "TLSv1.2");
        private boolean handlePing;
        private boolean handlePong;
        private boolean handleClose;
        private boolean validateUtf8 = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private long maxQueuedBytes = 16L << 20;
        private long writeBufferHighMark = 64 * 1024;
        private long writeBufferLowMark = 32 * 1024;
        private ClientObserver observer = ClientObserver.NOOP;
        private CompressionConfig compression = CompressionConfig.clientDefaults().withEnabled(false);
        private ClientEventLoops eventLoops;

        private Builder() {
        }

        /** A copy: every setting is immutable, so a shallow one. */
        private Builder copy() {
            Builder b = new Builder();
            b.maxSize = maxSize;
            b.bufferSize = bufferSize;
            b.tls = tls;
            b.sslContext = sslContext;
            b.verifyHostname = verifyHostname;
            b.tlsProtocols = tlsProtocols;
            b.handlePing = handlePing;
            b.handlePong = handlePong;
            b.handleClose = handleClose;
            b.validateUtf8 = validateUtf8;
            b.connectTimeout = connectTimeout;
            b.handshakeTimeout = handshakeTimeout;
            b.closeTimeout = closeTimeout;
            b.maxQueuedBytes = maxQueuedBytes;
            b.writeBufferHighMark = writeBufferHighMark;
            b.writeBufferLowMark = writeBufferLowMark;
            b.observer = observer;
            b.compression = compression;
            b.eventLoops = eventLoops;
            return b;
        }

        /** Largest message accepted (bytes); larger closes the connection with 1009. */
        public Builder maxSize(int bytes) {
            this.maxSize = bytes;
            return this;
        }

        /** Buffer for reading; messages up to this size need no allocation. */
        public Builder bufferSize(int bytes) {
            this.bufferSize = bytes;
            return this;
        }

        /** Connect over TLS (wss). */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** The TLS context to use (implies {@code tls(true)}). */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            this.tls = context != null || tls;
            return this;
        }

        /**
         * Trust these certificates instead of the JVM's default trust store (seed:
         * {@code ca_bundle}); implies {@code tls(true)}.
         */
        public Builder trustStore(KeyStore trustStore) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return sslContext(ctx);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot use trust store: " + e.getMessage(), e);
            }
        }

        /** Trust the certificates of a PEM file (one or more) instead of the JVM's default. */
        public Builder trustPem(Path pem) {
            try (InputStream in = Files.newInputStream(pem)) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new IllegalArgumentException("no certificate in " + pem);
                }
                return trustStore(ks);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read certificates from " + pem + ": " + e.getMessage(), e);
            }
        }

        /** Check that the server's certificate names the host connected to (default on). */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /** TLS versions offered, most preferred first (default TLSv1.3, TLSv1.2). */
        public Builder tlsProtocols(String... protocols) {
            this.tlsProtocols = List.of(protocols);
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

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Time allowed for the server's handshake answer when connecting by URI. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** How long {@code close} waits for the server's close answer. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        /** See {@link ClientConfig#maxQueuedBytes()}; 16 MiB by default. */
        public Builder maxQueuedBytes(long bytes) {
            this.maxQueuedBytes = bytes;
            return this;
        }

        /**
         * Queued bytes above which {@code WsClient.send} reports {@code BUFFERED} (64 KiB by
         * default; at most max-queued-bytes).
         */
        public Builder writeBufferHighMark(long bytes) {
            this.writeBufferHighMark = bytes;
            return this;
        }

        /**
         * Queued bytes at or under which, once the high mark was passed, the handler's
         * {@code drained} runs (32 KiB by default; at most the high mark).
         */
        public Builder writeBufferLowMark(long bytes) {
            this.writeBufferLowMark = bytes;
            return this;
        }

        /** Sees connections and messages (metrics). */
        public Builder observer(ClientObserver observer) {
            this.observer = observer;
            return this;
        }

        /** Offer permessage-deflate with these settings. */
        public Builder compression(CompressionConfig compression) {
            this.compression = compression;
            return this;
        }

        /** Offer permessage-deflate with the defaults (level 6, context takeover both ways). */
        public Builder compression(boolean on) {
            this.compression = CompressionConfig.clientDefaults().withEnabled(on);
            return this;
        }

        /**
         * Read connections ({@code ws://} and {@code wss://}) on these shared event loops rather
         * than on a thread each (null, the default: a thread each). Handlers then run on a loop
         * and must not block. The loops outlive the clients: close them when done.
         */
        public Builder eventLoops(ClientEventLoops loops) {
            this.eventLoops = loops;
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
