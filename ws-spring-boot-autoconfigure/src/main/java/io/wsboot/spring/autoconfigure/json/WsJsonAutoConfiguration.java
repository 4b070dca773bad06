package io.wsboot.spring.autoconfigure.json;

import io.wsboot.Topics;
import io.wsboot.spring.autoconfigure.ConditionalOnWsHandlers;
import io.wsboot.spring.autoconfigure.WsAutoConfiguration;
import io.wsboot.spring.autoconfigure.WsHandlerAdapter;
import io.wsboot.spring.autoconfigure.WsHandlerDefinitionException;
import io.wsboot.spring.json.JsonHandler;
import io.wsboot.spring.json.WsJson;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON messages with the application's Jackson mapper (Spring Boot's {@code JsonMapper}, else a
 * default one): {@link JsonHandler} beans are served, and {@link WsJson} sends and publishes
 * objects.
 */
@AutoConfiguration(before = WsAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(name = {"tools.jackson.databind.json.JsonMapper", "io.wsboot.server.WsServer"})
@ConditionalOnBooleanProperty(name = "ws.enabled", matchIfMissing = true)
@ConditionalOnWsHandlers
public final class WsJsonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public WsJson wsJson(ObjectProvider<JsonMapper> mappers, Topics topics) {
        return new WsJson(mappers.getIfAvailable(JsonMapper::shared), topics);
    }

    @Bean
    public WsHandlerAdapter wsJsonHandlerAdapter(WsJson json) {
        return (name, bean) -> {
            if (!(bean instanceof JsonHandler<?> handler)) {
                return null;
            }
            try {
                return json.handler(handler);
            } catch (IllegalArgumentException e) {
                throw new WsHandlerDefinitionException("@WsHandler bean '" + name + "' is a JsonHandler without a message type",
                        "Name the type it receives: implements JsonHandler<ChatMessage>.");
            }
        };
    }
}
