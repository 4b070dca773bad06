package io.wsboot.spring.autoconfigure.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.wsboot.ServerConfig;
import io.wsboot.client.ClientConfig;
import io.wsboot.client.ClientEventLoops;
import io.wsboot.client.ClientObserver;
import io.wsboot.client.WsClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * A {@link WsClientFactory} with the {@code ws.client.*} defaults, TLS trust from the SSL bundle
 * {@code ws.client.ssl.bundle}, and {@code ws.client.*} meters when there is a MeterRegistry.
 * Independent of the server: a client-only application gets it too.
 */
@AutoConfiguration(after = SslAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(WsClient.class)
@EnableConfigurationProperties(WsClientProperties.class)
public final class WsClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public WsClientFactory wsClientFactory(WsClientProperties p, ObjectProvider<SslBundles> sslBundles,
                                           ObjectProvider<ClientObserver> observers) {
        // the engine checks the values themselves (InvalidConfigException names the property); here only
        // what the properties add: sizes that must fit an int, and the event loop count
        int maxSize = bytes(p.getMaxSize(), "client.max-size");
        int bufferSize = bytes(p.getBufferSize(), "client.buffer-size");
        ClientConfig.Builder b = ClientConfig.builder()
                .maxSize(maxSize)
                .bufferSize(bufferSize)
                .handlePing(p.isHandlePing())
                .handlePong(p.isHandlePong())
                .handleClose(p.isHandleClose())
                .validateUtf8(p.isValidateUtf8())
                .connectTimeout(p.getConnectTimeout())
                .handshakeTimeout(p.getHandshakeTimeout())
                .closeTimeout(p.getCloseTimeout())
                .verifyHostname(p.getSsl().isVerifyHostname())
                .compression(p.getCompression().toConfig("client.compression"));
        SslBundles bundles = sslBundles.getIfAvailable();
        String bundle = p.getSsl().getBundle();
        if (bundle != null && !bundle.isBlank()) {
            if (bundles == null) {
                throw new ServerConfig.InvalidConfigException("client.ssl.bundle", bundle, "names an SSL bundle, but no SslBundles bean exists");
            }
            b.sslContext(bundles.getBundle(bundle).createSslContext()).tls(false); // wss:// URIs turn TLS on
        }
        observers.ifAvailable(b::observer);
        if (p.getEventLoops() < 0) {
            throw new ServerConfig.InvalidConfigException("client.event-loops", p.getEventLoops(),
                    "must be 0 (a read thread per connection) or a number of event loop threads");
        }
        ClientConfig config = b.maxQueuedBytes(p.getMaxQueuedBytes().toBytes())
                .writeBufferHighMark(p.getWriteBufferHighMark().toBytes())
                .writeBufferLowMark(p.getWriteBufferLowMark().toBytes())
                .build(); // validated before any thread starts
        if (p.getEventLoops() > 0) {
            config = config.toBuilder().eventLoops(ClientEventLoops.create(p.getEventLoops())).build();
        }
        return new WsClientFactory(config, bundles);
    }

    private static int bytes(DataSize size, String property) {
        long b = size.toBytes();
        if (b < 0 || b > ServerConfig.MAX_MESSAGE_SIZE) {
            throw new ServerConfig.InvalidConfigException(property, size, "must be between 0 and " + ServerConfig.MAX_MESSAGE_SIZE + " bytes");
        }
        return (int) b;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBean(MeterRegistry.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        WsClientMetrics wsClientMetrics() {
            return new WsClientMetrics();
        }
    }
}
