package io.wsboot.config;

import io.wsboot.CompressionConfig;
import io.wsboot.ServerConfig;
import io.wsboot.ServerConfig.InvalidConfigException;
import io.wsboot.client.ClientConfig;
import io.wsboot.server.WsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server and client settings in one style: a builder, defaults declared once, errors that name the setting. */
class ConfigTest {

    @Test
    void theServerBuilderDeclaresTheDefaultsAndWsServerWrapsIt() {
        assertEquals(ServerConfig.defaults(), ServerConfig.builder().build());
        assertEquals(ServerConfig.defaults(), WsServer.builder().buildConfig());
        assertEquals(9223, ServerConfig.defaults().port());
        assertEquals(65536, ServerConfig.defaults().maxSize());
        assertEquals(Duration.ofSeconds(30), ServerConfig.defaults().pingInterval());
    }

    @Test
    void aConfigRoundTripsThroughItsBuilder() {
        ServerConfig c = ServerConfig.builder().port(0).maxSize(1 << 20).bufferSize(8192).handlePing(true)
                .allowedOrigins("https://*.example.com").compression(CompressionConfig.disabled()).build();
        assertEquals(c, c.toBuilder().build());
        assertEquals(c, WsServer.builder().config(c).buildConfig());
        assertEquals(1 << 20, WsServer.builder().config(c).buildConfig().maxSize());
        ServerConfig changed = WsServer.builder().config(c).maxSize(2 << 20).buildConfig();
        assertEquals(2 << 20, changed.maxSize());
        assertEquals(8192, changed.bufferSize()); // the rest kept
    }

    @Test
    void serverSettingsAreCheckedTogetherWhenBuiltNotOneByOne() {
        // a buffer larger than the default max-size is fine once max-size follows
        assertEquals(1 << 20, ServerConfig.builder().bufferSize(1 << 20).maxSize(1 << 20).build().bufferSize());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ServerConfig.builder().maxSize(1000).build());
        assertEquals("max-size", e.setting());
        assertEquals(1000, e.value());
        assertTrue(e.rule().contains("buffer-size"), e.rule());
    }

    @Test
    void clientSettingsFailNamingTheirPropertyLikeTheServers() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ClientConfig.builder().bufferSize(64).build());
        assertEquals("client.buffer-size", e.setting());
        assertEquals("client.max-size", assertThrows(InvalidConfigException.class,
                () -> ClientConfig.builder().bufferSize(8192).maxSize(4096).build()).setting());
        assertEquals("client.max-queued-bytes", assertThrows(InvalidConfigException.class,
                () -> ClientConfig.builder().maxQueuedBytes(0).build()).setting());
        assertEquals("client.close-timeout", assertThrows(InvalidConfigException.class,
                () -> ClientConfig.builder().closeTimeout(Duration.ZERO).build()).setting());
        assertEquals("client.connect-timeout", assertThrows(InvalidConfigException.class,
                () -> ClientConfig.builder().connectTimeout(Duration.ofSeconds(-1)).build()).setting());
        ClientConfig c = ClientConfig.builder().bufferSize(8192).maxSize(1 << 20).build();
        assertEquals(8192, c.toBuilder().build().bufferSize());
    }
}
