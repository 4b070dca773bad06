package io.wsboot.spring.autoconfigure.actuate;

import io.wsboot.Topics;
import io.wsboot.server.ServerView;
import io.wsboot.server.WsServer;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/websocket}: what the WebSocket server holds right now. Per path its open
 * connections, messages, handshakes refused by reason and limits tripped; per event loop its
 * connections and whether it is alive; the largest topics; a page of the oldest and of the
 * busiest connections. Read-only, exposed and secured like any actuator endpoint
 * ({@code management.endpoints.web.exposure.include=websocket}).
 */
@Endpoint(id = "websocket")
public class WsEndpoint {
    /** Connections and topics listed per page. */
    static final int PAGE = 20;

    private final WsServerLifecycle server;
    private final WsActivity activity;

    public WsEndpoint(WsServerLifecycle server, WsActivity activity) {
        this.server = server;
        this.activity = activity;
    }

    /** The whole view. */
    public record View(boolean running, int connections, Map<String, WsActivity.PathView> paths, List<ServerView.Loop> loops,
                       TopicsView topics, List<ConnectionView> oldest, List<ConnectionView> busiest) {
    }

    public record TopicsView(int count, long subscriptions, Map<String, Integer> largest) {
    }

    /** One connection, as JSON shows it. */
    public record ConnectionView(long id, String path, String remoteAddress, double ageSeconds, long bufferedBytes,
                                 long messagesReceived, String principal) {
        static ConnectionView of(ServerView.Connection c) {
            return new ConnectionView(c.id(), c.path(), c.remoteAddress() == null ? null
                    : c.remoteAddress().getAddress().getHostAddress() + ":" + c.remoteAddress().getPort(),
                    c.age().toMillis() / 1000.0, c.bufferedBytes(), c.messagesReceived(), c.principal());
        }
    }

    @ReadOperation
    public View websocket() {
        WsServer s = server.getServer();
        if (s == null) {
            return new View(false, 0, activity.paths(), List.of(), new TopicsView(0, 0, Map.of()), List.of(), List.of());
        }
        ServerView v = s.view(PAGE);
        Topics t = s.topics();
        return new View(true, v.connections(), activity.paths(), v.loops(),
                new TopicsView(t.topicCount(), t.subscriptionCount(), t.largest(PAGE)),
                v.oldest().stream().map(ConnectionView::of).toList(), v.busiest().stream().map(ConnectionView::of).toList());
    }
}
