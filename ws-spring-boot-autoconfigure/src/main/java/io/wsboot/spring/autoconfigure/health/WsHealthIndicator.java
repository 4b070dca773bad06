package io.wsboot.spring.autoconfigure.health;

import io.wsboot.server.WsServer;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP with the port, paths and connection count while the WebSocket server runs and every event
 * loop serves; DOWN otherwise.
 */
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
        java.util.List<String> dead = server.deadEventLoops();
        if (!dead.isEmpty()) {
            // a loop that ended serves nobody: its share of new connections would wait forever
            builder.down().withDetail("reason", "event loops not running: " + dead).withDetail("port", server.port())
                    .withDetail("connections", server.connectionCount());
            return;
        }
        builder.up()
                .withDetail("port", server.port())
                .withDetail("paths", lifecycle.getPaths())
                .withDetail("connections", server.connectionCount());
    }
}
