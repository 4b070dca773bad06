package io.wsboot.sample;

import io.wsboot.Topics;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Tells the browser page where the WebSocket server listens (its own port, not this one). */
@RestController
public class WsInfoController {
    private final WsServerLifecycle server;
    private final Topics topics;

    public WsInfoController(WsServerLifecycle server, Topics topics) {
        this.server = server;
        this.topics = topics;
    }

    @GetMapping("/api/ws")
    public Map<String, Object> info() {
        return Map.of("port", server.getPort(), "paths", server.getPaths(), "rooms", topics.topicCount());
    }
}
