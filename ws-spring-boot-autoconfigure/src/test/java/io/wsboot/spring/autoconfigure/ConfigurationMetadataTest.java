package io.wsboot.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated metadata IDEs read: every ws.* property documented, with its default. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyHasADescriptionAndTheSeedDefaults() throws Exception {
        Map<String, JsonNode> props = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json generated").isNotNull();
            for (JsonNode p : JsonMapper.shared().readTree(in).get("properties")) {
                props.put(p.get("name").asString(), p);
            }
        }
        assertThat(props).containsKeys("ws.enabled", "ws.port", "ws.address", "ws.max-size", "ws.buffer-size",
                "ws.handshake-pool-count", "ws.handshake-max-size", "ws.max-headers", "ws.handshake-timeout",
                "ws.handle-ping", "ws.handle-pong", "ws.handle-close", "ws.validate-utf8", "ws.handler-executor");
        props.forEach((name, p) -> assertThat(p.path("description").asString()).as(name).isNotBlank());
        assertThat(props.get("ws.port").get("defaultValue").asInt()).isEqualTo(9223);
        assertThat(props.get("ws.max-size").get("defaultValue").asString()).isEqualTo("65536B");
        assertThat(props.get("ws.buffer-size").get("defaultValue").asString()).isEqualTo("4096B");
        assertThat(props.get("ws.handshake-pool-count").get("defaultValue").asInt()).isEqualTo(50);
        assertThat(props.get("ws.handshake-max-size").get("defaultValue").asString()).isEqualTo("1024B");
        assertThat(props.get("ws.handshake-timeout").get("defaultValue").asString()).isEqualTo("10s");
        assertThat(props.get("ws.max-headers").get("defaultValue").asInt()).isZero();
    }
}
