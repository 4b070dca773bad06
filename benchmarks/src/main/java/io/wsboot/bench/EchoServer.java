package io.wsboot.bench;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wsboot.server.WsServer;
import io.wsboot.spring.autoconfigure.metrics.WsServerMetrics;

/**
 * The echo server the benchmarks measure: every text and binary message is sent back as it
 * came, on the event loop. {@code java -jar wsboot-bench.jar PORT [event-loops]}; the maximum
 * message size is 16 MiB (the peers' limit). With {@code -Dwsboot.metrics=true} the starter's
 * {@code ws.server.*} meters are recorded on a Prometheus registry, to measure what they cost.
 * {@code -Dwsboot.compression=off|default|context} sets permessage-deflate: off, the server's
 * default (no context takeover either way), or context takeover both ways (as Netty does).
 * {@code -Dwsboot.tls.keystore=PATH -Dwsboot.tls.password=P} serves wss:// with that PKCS12 key store.
 */
public final class EchoServer {
    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9223;
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
        switch (System.getProperty("wsboot.compression", "default")) {
            case "off" -> b.compression(io.wsboot.CompressionConfig.disabled());
            case "context" -> b.compression(new io.wsboot.CompressionConfig(true, 6, 256, true, true, 15, 15));
            default -> b.compression(io.wsboot.CompressionConfig.serverDefaults());
        }
        if (Boolean.getBoolean("wsboot.metrics")) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            WsServerMetrics metrics = new WsServerMetrics();
            metrics.bindTo(registry);
            b.observer(metrics);
        }
        String keystore = System.getProperty("wsboot.tls.keystore");
        if (keystore != null) { // wss://: a PKCS12 key store, password in wsboot.tls.password
            char[] password = System.getProperty("wsboot.tls.password", "").toCharArray();
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(keystore))) {
                ks.load(in, password);
            }
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            b.ssl(ctx);
        }
        WsServer server = b.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("READY wsboot echo on ws://127.0.0.1:" + server.port() + "/ with " + loops + " event loop(s)");
        Thread.currentThread().join();
    }
}
