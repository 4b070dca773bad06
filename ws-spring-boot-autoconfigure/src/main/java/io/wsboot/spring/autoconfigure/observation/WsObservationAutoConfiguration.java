package io.wsboot.spring.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import io.wsboot.spring.autoconfigure.WsAutoConfiguration;
import io.wsboot.spring.autoconfigure.WsHandlerRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The server's observations when the application has an {@link ObservationRegistry} (Boot's
 * actuator gives one): handshakes, connections, and with {@code ws.observations.messages=true}
 * messages. Handler calls open their observation's scope only when a micrometer-tracing
 * {@code Tracer} is there to see it, so that without one no message costs an allocation.
 */
@AutoConfiguration(after = WsAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnBean({ObservationRegistry.class, WsHandlerRegistry.class})
@EnableConfigurationProperties(WsObservationProperties.class)
public final class WsObservationAutoConfiguration {
    private static final String TRACER = "io.micrometer.tracing.Tracer";

    @Bean
    @ConditionalOnMissingBean
    public WsServerObservations wsServerObservations(ObservationRegistry registry, WsObservationProperties properties,
                                                     ObjectProvider<WsHandshakeObservationConvention> handshakes,
                                                     ObjectProvider<WsConnectionObservationConvention> connections,
                                                     ObjectProvider<WsMessageObservationConvention> messages,
                                                     ListableBeanFactory beans) {
        ClassLoader loader = getClass().getClassLoader();
        boolean tracer = ClassUtils.isPresent(TRACER, loader)
                && beans.getBeanNamesForType(ClassUtils.resolveClassName(TRACER, loader), false, false).length > 0;
        return new WsServerObservations(registry, handshakes.getIfUnique(), connections.getIfUnique(), messages.getIfUnique(),
                properties.isMessages(), tracer);
    }
}
