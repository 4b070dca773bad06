package io.wsboot.bench;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.server.WsServer;
import io.wsboot.spring.json.JsonHandler;
import io.wsboot.spring.json.WsJson;
import tools.jackson.databind.json.JsonMapper;

/**
 * What JSON costs per message: {@code /bytes} echoes each message as it came (the byte echo),
 * {@code /json} decodes it into a {@link Chat} with Jackson (the starter's {@code JsonHandler}
 * path) and sends the object back encoded ({@code WsJson.send}), the same bytes for the same field
 * order. One event loop. {@code java -cp ... io.wsboot.bench.JsonEchoServer PORT}
 */
public final class JsonEchoServer {
    private JsonEchoServer() {
    }

    /** A chat message as an application would type it. */
    public record Chat(String room, String user, String text, long seq) {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9223;
        WsJson json = new WsJson(JsonMapper.shared(), null);
        Handler bytes = (Conn conn, Message message) -> conn.writeFrame(message.type(), message.data());
        WsServer server = WsServer.builder().port(port).address("127.0.0.1").eventLoops(1).backlog(4096)
                .compression(io.wsboot.CompressionConfig.disabled())
                .handler("/bytes", bytes).handler("/json", json.handler(new ChatEcho(json))).start();
        System.out.println("json echo server on " + server.port());
        Thread.currentThread().join();
    }

    /** A JsonHandler as an application writes it (a class, so its type parameter is known). */
    static final class ChatEcho implements JsonHandler<Chat> {
        private final WsJson json;

        ChatEcho(WsJson json) {
            this.json = json;
        }

        @Override
        public void handle(Conn conn, Chat chat) {
            json.send(conn, chat);
        }
    }
}
