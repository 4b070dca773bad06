package io.wsboot.spring.autoconfigure.actuate;

import io.wsboot.spring.autoconfigure.WsAutoConfiguration;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The actuator's {@code websocket} endpoint, when the actuator is there and the endpoint is available. */
@AutoConfiguration(after = WsAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
@ConditionalOnBean(WsServerLifecycle.class)
@ConditionalOnAvailableEndpoint(WsEndpoint.class)
public final class WsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public WsActivity wsActivity() {
        return new WsActivity();
    }

    @Bean
    @ConditionalOnMissingBean
    public WsEndpoint wsEndpoint(WsServerLifecycle server, WsActivity activity) {
        return new WsEndpoint(server, activity);
    }
}
