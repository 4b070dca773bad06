package io.wsboot.bench;

import io.wsboot.Topics;
import io.wsboot.server.WsServer;
import io.wsboot.spring.autoconfigure.WsProperties;
import io.wsboot.spring.autoconfigure.broker.RedisBroker;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@link FanoutServer} with the Redis relay of {@code ws.broker=redis} (the Spring module's
 * {@link RedisBroker}, on a Lettuce connection factory made here): two of them on one Redis, the
 * subscribers on one and the publisher on the other, measure delivery across instances.
 * {@code java -cp wsboot-bench.jar io.wsboot.bench.RelayFanoutServer PORT REDIS_PORT [event-loops]}.
 */
public final class RelayFanoutServer {
    private RelayFanoutServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int redisPort = Integer.parseInt(args[1]);
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redisPort));
        factory.afterPropertiesSet();
        factory.start();
        RedisBroker broker = new RedisBroker(factory, new WsProperties.Redis());
        Topics[] topics = new Topics[1];
        WsServer.Builder b = WsServer.builder().port(port).address("127.0.0.1").eventLoops(loops).backlog(16384)
                .maxConnections(65536).maxHandshakesPerAddress(4096).maxHandshakes(4096)
                .compression(io.wsboot.CompressionConfig.disabled()).topicRelay(broker.relay());
        WsServer server = FanoutServer.paths(b, topics).start();
        topics[0] = server.topics();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            broker.close();
            factory.destroy();
        }));
        System.out.println("READY wsboot fan-out with the Redis relay on ws://127.0.0.1:" + server.port() + " (Redis " + redisPort + ")");
        Thread.currentThread().join();
    }
}
