package io.wsboot.spring.autoconfigure.health;

import io.wsboot.server.WsServer;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP with the port, paths and connection count while the WebSocket server runs; DOWN otherwise. */
public class WsHealthIndicator extends AbstractHealthIndicator {
    private final WsServerLifecycle lifecycle;

    public WsHealthIndicator(WsServerLifecycle lifecycle) {
        super("WebSocket server health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        WsServer server = lifecycle.getServer();
        if (server == null || !server.isRunning()) {
            builder.down().withDetail("reason", "WebSocket server is not running");
            return;
        }
        builder.up()
                .withDetail("port", server.port())
                .withDetail("paths", lifecycle.getPaths())
                .withDetail("connections", server.connectionCount());
    }
}
