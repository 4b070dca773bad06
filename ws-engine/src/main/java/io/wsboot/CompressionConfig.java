package io.wsboot;

/**
 * permessage-deflate (RFC 7692) settings, for the server and the client alike.
 *
 * @param enabled               negotiate compression (server: accept offers; client: offer it)
 * @param level                 deflate level, 1 (fastest) to 9 (smallest); 6 is zlib's default
 * @param minSize               messages smaller than this many bytes are sent uncompressed
 *                              (cheaper, and hardly smaller compressed)
 * @param serverContextTakeover let the server's compressor keep its history between messages
 *                              (better ratio, but a compressor pinned to each connection);
 *                              when false the server answers {@code server_no_context_takeover}
 *                              and borrows compressors from a pool per message
 * @param clientContextTakeover let clients keep their history; when false the server answers
 *                              {@code client_no_context_takeover}, and decompressors are pooled
 * @param serverMaxWindowBits   largest LZ77 window (8-15) the server's compressor uses
 * @param clientMaxWindowBits   largest window (8-15) asked of clients that offer
 *                              {@code client_max_window_bits}
 * @param maxInflateRatio       a received message may inflate to at most this many times its
 *                              compressed size (plus {@value #INFLATE_ALLOWANCE} bytes); beyond,
 *                              the connection is closed with 1009. It bounds the work one peer can
 *                              ask of a loop (a 1 KB message that inflates to 1 MB); 0 for no bound
 *                              ({@value #DEFAULT_MAX_INFLATE_RATIO})
 */
public record CompressionConfig(
        boolean enabled,
        int level,
        int minSize,
        boolean serverContextTakeover,
        boolean clientContextTakeover,
        int serverMaxWindowBits,
        int clientMaxWindowBits,
        int maxInflateRatio) {

    /** Default {@code maxInflateRatio}: ten times what text and JSON usually reach. */
    public static final int DEFAULT_MAX_INFLATE_RATIO = 100;
    /** Bytes any message may inflate to whatever its ratio, so that small messages never trip it. */
    public static final int INFLATE_ALLOWANCE = io.wsboot.codec.FrameDecoder.INFLATE_ALLOWANCE;

    /** The settings with the default {@link #maxInflateRatio()}. */
    public CompressionConfig(boolean enabled, int level, int minSize, boolean serverContextTakeover, boolean clientContextTakeover,
                             int serverMaxWindowBits, int clientMaxWindowBits) {
        this(enabled, level, minSize, serverContextTakeover, clientContextTakeover, serverMaxWindowBits, clientMaxWindowBits,
                DEFAULT_MAX_INFLATE_RATIO);
    }

    public CompressionConfig {
        check(level >= 1 && level <= 9, "compression.level", level, "must be between 1 and 9");
        check(minSize >= 0, "compression.min-size", minSize, "must not be negative");
        check(serverMaxWindowBits >= 8 && serverMaxWindowBits <= 15, "compression.server-max-window-bits", serverMaxWindowBits,
                "must be between 8 and 15");
        check(clientMaxWindowBits >= 8 && clientMaxWindowBits <= 15, "compression.client-max-window-bits", clientMaxWindowBits,
                "must be between 8 and 15");
        check(maxInflateRatio >= 0, "compression.max-inflate-ratio", maxInflateRatio, "must not be negative (0 means no bound)");
    }

    /** Server default: on, level 6, messages of 256 bytes and more, no context takeover either way (nothing pinned per idle connection). */
    public static CompressionConfig serverDefaults() {
        return new CompressionConfig(true, 6, 256, false, false, 15, 15);
    }

    /** Compression off. */
    public static CompressionConfig disabled() {
        return new CompressionConfig(false, 6, 256, false, false, 15, 15);
    }

    /** Client default: on when enabled, same parameters, context takeover allowed (one connection, one compressor). */
    public static CompressionConfig clientDefaults() {
        return new CompressionConfig(true, 6, 256, true, true, 15, 15);
    }

    public CompressionConfig withEnabled(boolean on) {
        return new CompressionConfig(on, level, minSize, serverContextTakeover, clientContextTakeover, serverMaxWindowBits,
                clientMaxWindowBits, maxInflateRatio);
    }

    /** The same settings with another {@link #maxInflateRatio()} (0 for no bound). */
    public CompressionConfig withMaxInflateRatio(int ratio) {
        return new CompressionConfig(enabled, level, minSize, serverContextTakeover, clientContextTakeover, serverMaxWindowBits,
                clientMaxWindowBits, ratio);
    }

    private static void check(boolean ok, String name, Object value, String rule) {
        if (!ok) {
            throw new ServerConfig.InvalidConfigException(name, value, rule);
        }
    }
}
