package io.wsboot.spring.autoconfigure;

import io.wsboot.CompressionConfig;
import org.springframework.util.unit.DataSize;

/** permessage-deflate settings ({@code ws.compression.*}, {@code ws.client.compression.*}). */
public class CompressionProperties {

    /** Negotiate permessage-deflate (RFC 7692) when the peer offers or accepts it. */
    private boolean enabled;

    /** Deflate level: 1 (fastest) to 9 (smallest). */
    private int level = 6;

    /** Messages smaller than this are sent uncompressed. */
    private DataSize minSize = DataSize.ofBytes(256);

    /** Let the server's compressor keep its history between messages (better ratio, but one compressor pinned per connection). */
    private boolean serverContextTakeover;

    /** Let clients keep their history between messages (better ratio, but one decompressor pinned per connection on the server). */
    private boolean clientContextTakeover;

    /** Largest LZ77 window (8-15 bits) the server's compressor uses. */
    private int serverMaxWindowBits = 15;

    /** Largest window (8-15 bits) asked of clients that offer client_max_window_bits. */
    private int clientMaxWindowBits = 15;

    /** A received message may inflate to at most this many times its compressed size (plus 1 KiB); beyond, the connection is closed with 1009. Bounds the CPU one peer can ask for with small messages that inflate hugely. 0 for no bound. */
    private int maxInflateRatio = 100; // CompressionConfig.DEFAULT_MAX_INFLATE_RATIO, as a literal for the metadata

    public CompressionProperties() {
    }

    public CompressionProperties(CompressionConfig defaults) {
        enabled = defaults.enabled();
        level = defaults.level();
        minSize = DataSize.ofBytes(defaults.minSize());
        serverContextTakeover = defaults.serverContextTakeover();
        clientContextTakeover = defaults.clientContextTakeover();
        serverMaxWindowBits = defaults.serverMaxWindowBits();
        clientMaxWindowBits = defaults.clientMaxWindowBits();
        maxInflateRatio = defaults.maxInflateRatio();
    }

    /** The engine's settings; {@code prefix} names the properties in errors (e.g. "compression"). */
    public CompressionConfig toConfig(String prefix) {
        long min = minSize.toBytes();
        if (min < 0 || min > Integer.MAX_VALUE) {
            throw new io.wsboot.ServerConfig.InvalidConfigException(prefix + ".min-size", minSize, "must be between 0 and 2GB");
        }
        try {
            return new CompressionConfig(enabled, level, (int) min, serverContextTakeover, clientContextTakeover,
                    serverMaxWindowBits, clientMaxWindowBits, maxInflateRatio);
        } catch (io.wsboot.ServerConfig.InvalidConfigException e) {
            String setting = prefix + e.setting().substring("compression".length());
            throw new io.wsboot.ServerConfig.InvalidConfigException(setting, e.value(), e.rule());
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getLevel() {
        return level;
    }

    public void setLevel(int level) {
        this.level = level;
    }

    public DataSize getMinSize() {
        return minSize;
    }

    public void setMinSize(DataSize minSize) {
        this.minSize = minSize;
    }

    public boolean isServerContextTakeover() {
        return serverContextTakeover;
    }

    public void setServerContextTakeover(boolean serverContextTakeover) {
        this.serverContextTakeover = serverContextTakeover;
    }

    public boolean isClientContextTakeover() {
        return clientContextTakeover;
    }

    public void setClientContextTakeover(boolean clientContextTakeover) {
        this.clientContextTakeover = clientContextTakeover;
    }

    public int getServerMaxWindowBits() {
        return serverMaxWindowBits;
    }

    public void setServerMaxWindowBits(int serverMaxWindowBits) {
        this.serverMaxWindowBits = serverMaxWindowBits;
    }

    public int getClientMaxWindowBits() {
        return clientMaxWindowBits;
    }

    public void setClientMaxWindowBits(int clientMaxWindowBits) {
        this.clientMaxWindowBits = clientMaxWindowBits;
    }

    public int getMaxInflateRatio() {
        return maxInflateRatio;
    }

    public void setMaxInflateRatio(int maxInflateRatio) {
        this.maxInflateRatio = maxInflateRatio;
    }
}
