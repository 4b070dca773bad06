package io.wsboot.bench;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.server.WsServer;

/**
 * The echo server the benchmarks measure: every text and binary message is sent back as it
 * came, on the event loop. {@code java -jar wsboot-bench.jar PORT [event-loops]}; the maximum
 * message size is 16 MiB (the peers' limit).
 */
public final class EchoServer {
    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[args.length > 1 ? 0 : 0]) : 9223;
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : Integer.getInteger("loops", 1);
        Handler echo = new Handler() {
            @Override
            public void handle(Conn conn, Message message) {
                conn.writeFrame(message.type(), message.data());
            }
        };
        WsServer.Builder b = WsServer.builder()
                .port(port)
                .address("127.0.0.1")
                .maxSize(16 * 1024 * 1024)
                .eventLoops(loops)
                .backlog(4096)
                .handler("/", echo);
        WsServer server = b.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("READY wsboot echo on ws://127.0.0.1:" + server.port() + "/ with " + loops + " event loop(s)");
        Thread.currentThread().join();
    }
}
