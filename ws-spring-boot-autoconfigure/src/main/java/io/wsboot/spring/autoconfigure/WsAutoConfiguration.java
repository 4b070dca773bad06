package io.wsboot.spring.autoconfigure;

import io.wsboot.ServerObserver;
import io.wsboot.TopicRelay;
import io.wsboot.server.WsServer;
import io.wsboot.spring.WsServerCustomizer;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.List;

/**
 * Starts the wsboot WebSocket server on its own port ({@code ws.port}, default 9223) when the
 * application has {@code @WsHandler} beans and {@code ws.enabled} is not false.
 */
@AutoConfiguration(after = org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class)
@ConditionalOnClass(WsServer.class)
@ConditionalOnBooleanProperty(name = "ws.enabled", matchIfMissing = true)
@ConditionalOnWsHandlers
@EnableConfigurationProperties(WsProperties.class)
public final class WsAutoConfiguration {

    /** Spring's own default for spring.lifecycle.timeout-per-shutdown-phase. */
    private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    @ConditionalOnMissingBean
    public WsHandlerRegistry wsHandlerRegistry(ListableBeanFactory beanFactory, ObjectProvider<WsHandlerAdapter> adapters) {
        return WsHandlerRegistry.discover(beanFactory, adapters.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    public WsServerLifecycle wsServerLifecycle(WsProperties properties, WsHandlerRegistry handlers,
                                               ObjectProvider<WsServerCustomizer> customizers,
                                               ObjectProvider<ServerObserver> observers, ObjectProvider<SslBundles> sslBundles,
                                               ObjectProvider<TopicRelay> relays, ObjectProvider<WsHandlerDecorator> decorators,
                                               Environment environment) {
        WsServer.Builder builder = WsServerBuilders.fromProperties(properties, environment);
        builder.topicRelay(relay(properties, relays));
        String bundle = properties.getSsl().getBundle();
        if (bundle != null && !bundle.isBlank()) {
            SslBundles bundles = sslBundles.getIfAvailable();
            if (bundles == null) {
                throw new io.wsboot.ServerConfig.InvalidConfigException("ssl.bundle", bundle,
                        "names an SSL bundle, but no SslBundles bean exists (spring.ssl.bundle.* configures them)");
            }
            builder.ssl(bundles.getBundle(bundle).createSslContext());
        }
        List<WsHandlerDecorator> wrappers = decorators.orderedStream().toList();
        handlers.handlers().forEach((path, handler) -> {
            io.wsboot.Handler h = handler;
            for (WsHandlerDecorator d : wrappers) {
                h = d.decorate(path, h);
            }
            builder.handler(path, h);
        });
        List<ServerObserver> all = observers.orderedStream().toList();
        if (!all.isEmpty()) {
            builder.observer(all.size() == 1 ? all.get(0) : ServerObserver.composite(all));
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return new WsServerLifecycle(builder, stopGrace(environment), environment);
    }

    /** What carries the topics to other instances: the broker's relay, or none for ws.broker=local. */
    private static TopicRelay relay(WsProperties properties, ObjectProvider<TopicRelay> relays) {
        TopicRelay relay = relays.getIfAvailable();
        if (properties.getBroker() == WsProperties.Broker.REDIS && relay == null) {
            throw new io.wsboot.ServerConfig.InvalidConfigException("broker", "redis",
                    "needs Spring Data Redis with Lettuce: add spring-boot-starter-data-redis and set spring.data.redis.*");
        }
        return relay == null ? TopicRelay.NONE : relay;
    }

    /** The server's topics, for any component to publish to (see {@link LifecycleTopics}). */
    @Bean
    @ConditionalOnMissingBean(io.wsboot.Topics.class)
    public LifecycleTopics wsTopics(ObjectProvider<WsServerLifecycle> lifecycle, WsProperties properties, ObjectProvider<TopicRelay> relays) {
        return new LifecycleTopics(() -> {
            WsServerLifecycle l = lifecycle.getIfAvailable();
            return l == null ? null : l.getServer();
        }, relay(properties, relays));
    }

    /** ws.broker=local: the members connected here (the Redis broker brings its own). */
    @Bean
    @ConditionalOnMissingBean(io.wsboot.spring.Presence.class)
    public io.wsboot.spring.autoconfigure.broker.LocalPresence wsPresence() {
        return new io.wsboot.spring.autoconfigure.broker.LocalPresence();
    }

    /**
     * Stopping may take most of the shutdown phase's time, leaving a margin so the engine
     * forces what is left before Spring gives up on the phase.
     */
    static Duration stopGrace(Environment environment) {
        String value = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase");
        Duration phase = value == null ? DEFAULT_PHASE_TIMEOUT : DurationStyle.detectAndParse(value);
        Duration margin = phase.dividedBy(10).compareTo(Duration.ofSeconds(1)) < 0 ? phase.dividedBy(10) : Duration.ofSeconds(1);
        Duration grace = phase.minus(margin);
        return grace.isZero() || grace.isNegative() ? Duration.ofMillis(1) : grace;
    }
}
