package io.wsboot.spring.autoconfigure.client;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/** The {@code ws.client.*} properties: defaults of the clients made by {@code WsClientFactory}. */
@ConfigurationProperties("ws.client")
public class WsClientProperties {

    /** Largest message a client accepts; larger ones close the connection with 1009. */
    private DataSize maxSize = DataSize.ofBytes(65536);

    /** Read buffer of a client; messages up to this size need no allocation. */
    private DataSize bufferSize = DataSize.ofBytes(4096);

    /** Pass ping frames to the client handler instead of answering them. */
    private boolean handlePing = false;

    /** Pass pong frames to the client handler. */
    private boolean handlePong = false;

    /** Pass close frames to the client handler instead of answering them. */
    private boolean handleClose = false;

    /** Check that text messages and close reasons from servers are valid UTF-8. */
    private boolean validateUtf8 = true;

    /** Time allowed to connect (TCP and TLS). */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** Time allowed for the server's answer to the opening handshake. */
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    /** How long closing waits for the server's close answer. */
    private Duration closeTimeout = Duration.ofSeconds(5);

    /**
     * Event loop threads shared by the clients' ws:// connections for reading (handlers then run
     * on them and must not block); 0 gives each connection a read thread of its own.
     */
    private int eventLoops = 0;

    /**
     * On event loops: the most bytes a handler may have written that the server has not taken
     * yet; beyond it the connection is closed with 1008 instead of the heap growing.
     */
    private DataSize maxQueuedBytes = DataSize.ofMegabytes(16);

    /** Bytes queued above which a client's send reports BUFFERED (at most max-queued-bytes). */
    private DataSize writeBufferHighMark = DataSize.ofKilobytes(64);

    /** Bytes queued at or under which, after the high mark was passed, the client handler's drained runs. */
    private DataSize writeBufferLowMark = DataSize.ofKilobytes(32);

    private final Ssl ssl = new Ssl();

    /** permessage-deflate offered by clients: off by default; context takeover allowed both ways when on. */
    @org.springframework.boot.context.properties.NestedConfigurationProperty
    private final io.wsboot.spring.autoconfigure.CompressionProperties compression =
            new io.wsboot.spring.autoconfigure.CompressionProperties(io.wsboot.CompressionConfig.clientDefaults().withEnabled(false));

    /** TLS settings of wss:// connections. */
    public static class Ssl {
        /** Name of the SSL bundle (spring.ssl.bundle.*) whose trust material wss:// connections use; the JVM's default trust store when empty. */
        private String bundle;

        /** Check that the server certificate names the host connected to. */
        private boolean verifyHostname = true;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public boolean isVerifyHostname() {
            return verifyHostname;
        }

        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
        }
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

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public io.wsboot.spring.autoconfigure.CompressionProperties getCompression() {
        return compression;
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

    public DataSize getMaxQueuedBytes() {
        return maxQueuedBytes;
    }

    public void setMaxQueuedBytes(DataSize maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    public int getEventLoops() {
        return eventLoops;
    }

    public void setEventLoops(int eventLoops) {
        this.eventLoops = eventLoops;
    }

    public Ssl getSsl() {
        return ssl;
    }
}
