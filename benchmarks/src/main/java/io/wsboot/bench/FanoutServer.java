package io.wsboot.bench;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.PreFramed;
import io.wsboot.Topics;
import io.wsboot.server.WsServer;

/**
 * The fan-out server the topic benchmark measures ({@code benchmarks/fanout-compare.sh}): a
 * connection on {@code /sub} subscribes to the topic "t"; every message received on {@code /pub}
 * is published to it (framed once, the same bytes queued for every subscriber); {@code /idle}
 * connections subscribe to nothing (the heap baseline for what a subscription costs).
 * {@code java -cp wsboot-bench.jar io.wsboot.bench.FanoutServer PORT [event-loops]}.
 */
public final class FanoutServer {
    private FanoutServer() {
    }

    /** The three paths on {@code b}, publishing to {@code topics} once the server runs. */
    static WsServer.Builder paths(WsServer.Builder b, Topics[] topics) {
        return b.handler("/sub", new Handler() {
                    @Override
                    public void afterInit(Conn conn) {
                        conn.subscribe("t");
                    }

                    @Override
                    public void handle(Conn conn, Message message) {
                    }
                })
                .handler("/pub", (conn, m) -> {
                    byte[] payload = new byte[m.data().remaining()];
                    m.data().get(m.data().position(), payload);
                    topics[0].publish("t", PreFramed.of(m.type(), payload));
                })
                .handler("/idle", (conn, m) -> {
                });
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9223;
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : Integer.getInteger("loops", 1);
        Topics[] topics = new Topics[1];
        WsServer.Builder b = WsServer.builder().port(port).address("127.0.0.1").eventLoops(loops).backlog(16384)
                .maxConnections(65536).maxHandshakesPerAddress(4096).maxHandshakes(4096)
                .compression(io.wsboot.CompressionConfig.disabled());
        WsServer server = paths(b, topics).start();
        topics[0] = server.topics();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("READY wsboot fan-out on ws://127.0.0.1:" + server.port() + "/sub and /pub with " + loops + " event loop(s)");
        Thread.currentThread().join();
    }
}
