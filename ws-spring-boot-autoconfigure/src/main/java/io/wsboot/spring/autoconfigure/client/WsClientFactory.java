package io.wsboot.spring.autoconfigure.client;

import io.wsboot.client.ClientConfig;
import io.wsboot.client.ClientEventLoops;
import io.wsboot.client.WsClient;
import org.springframework.boot.ssl.SslBundles;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Makes {@link WsClient}s with the application's defaults ({@code ws.client.*}, the SSL bundle,
 * the metrics observer). Thread-safe; inject it where clients are needed.
 *
 * <pre>{@code
 * WsClient client = clients.connect("wss://feed.example.com/prices");
 * client.readLoopInNewThread(message -> prices.update(message.text()));
 * }</pre>
 */
public class WsClientFactory implements AutoCloseable {
    private final ClientConfig defaults;
    private final SslBundles sslBundles;

    /** @param sslBundles the application's SSL bundles, or null */
    public WsClientFactory(ClientConfig defaults, SslBundles sslBundles) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.sslBundles = sslBundles;
    }

    /** The default settings, from {@code ws.client.*}. */
    public ClientConfig config() {
        return defaults;
    }

    /** A builder starting from the defaults, to change some settings for some connections. */
    public ClientConfig.Builder configBuilder() {
        return defaults.toBuilder();
    }

    /** The defaults, with TLS trust from the SSL bundle {@code name} ({@code spring.ssl.bundle.*}). */
    public ClientConfig withSslBundle(String name) {
        if (sslBundles == null) {
            throw new IllegalStateException("no SslBundles bean: SSL bundles need spring-boot's SSL auto-configuration");
        }
        return defaults.toBuilder().sslContext(sslBundles.getBundle(name).createSslContext()).build();
    }

    /** Connects to a {@code ws://} or {@code wss://} URI and completes the handshake. */
    public WsClient connect(String uri) throws IOException {
        return connect(URI.create(uri), defaults, Map.of());
    }

    /** Connects with extra request headers and offered subprotocols. */
    public WsClient connect(URI uri, Map<String, String> headers, String... subprotocols) throws IOException {
        return connect(uri, defaults, headers, subprotocols);
    }

    /** Connects with other settings (see {@link #configBuilder()}). */
    public WsClient connect(URI uri, ClientConfig config, Map<String, String> headers, String... subprotocols) throws IOException {
        return WsClient.connect(uri, config, headers, subprotocols);
    }

    /**
     * Stops the event loops of {@code ws.client.event-loops} (with the context): connections
     * still open on them end with 1006. Nothing to do without loops.
     */
    @Override
    public void close() {
        ClientEventLoops loops = defaults.eventLoops();
        if (loops != null) {
            loops.close();
        }
    }
}
