package io.wsboot.sample;

import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Tells the browser page where the WebSocket server listens (its own port, not this one). */
@RestController
public class WsInfoController {
    private final WsServerLifecycle server;
    private final ChatRooms rooms;

    public WsInfoController(WsServerLifecycle server, ChatRooms rooms) {
        this.server = server;
        this.rooms = rooms;
    }

    @GetMapping("/api/ws")
    public Map<String, Object> info() {
        return Map.of("port", server.getPort(), "paths", server.getPaths(), "rooms", rooms.sizes());
    }
}
