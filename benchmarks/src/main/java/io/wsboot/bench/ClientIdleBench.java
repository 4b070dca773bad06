package io.wsboot.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.wsboot.client.ClientConfig;
import io.wsboot.client.ClientEventLoops;
import io.wsboot.client.WsClient;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Client memory per idle connection: opens N client connections to an echo server, each sends
 * one 300-byte text message and gets its echo, then all sit idle. Prints the client JVM's live
 * heap after GC, its threads and RSS, per connection, against a baseline taken after a warm-up.
 *
 * <pre>java -cp ... io.wsboot.bench.ClientIdleBench IMPL PORT N</pre>
 * IMPL: wsboot (a read thread per connection), wsboot-loop (one shared event loop), netty (one
 * event loop; ws:// only). With {@code -Dwsboot.tls.truststore=PATH} the connections are wss://.
 */
public final class ClientIdleBench {
    private ClientIdleBench() {
    }

    interface Opener {
        AutoCloseable open(URI uri, CountDownLatch echoed) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String impl = args[0];
        String truststore = System.getProperty("wsboot.tls.truststore"); // wss:// with this PKCS12 trust store
        URI uri = URI.create((truststore == null ? "ws://127.0.0.1:" : "wss://localhost:") + args[1] + "/");
        java.security.KeyStore trust = null;
        if (truststore != null) {
            trust = java.security.KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(Path.of(truststore))) {
                trust.load(in, System.getProperty("wsboot.tls.password", "").toCharArray());
            }
        }
        java.security.KeyStore trusted = trust;
        int n = Integer.parseInt(args[2]);
        String message = "x".repeat(300);
        ClientEventLoops loops = ClientEventLoops.create(1);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Opener opener = switch (impl) {
            case "wsboot", "wsboot-loop" -> (u, echoed) -> {
                ClientConfig.Builder b = ClientConfig.builder().eventLoops(impl.equals("wsboot-loop") ? loops : null);
                if (trusted != null) {
                    b.trustStore(trusted);
                }
                ClientConfig cfg = b.build();
                WsClient c = WsClient.connect(u, cfg, Map.of());
                c.readLoopAsync(m -> echoed.countDown());
                c.writeText(message);
                return c;
            };
            case "netty" -> (u, echoed) -> nettyOpen(group, u, message, echoed);
            default -> throw new IllegalArgumentException("unknown client " + impl);
        };
        // warm-up: load every class the connections use, then take the baseline
        List<AutoCloseable> warm = openAll(opener, uri, 50);
        for (AutoCloseable c : warm) {
            c.close();
        }
        Thread.sleep(500);
        long heap0 = liveHeap();
        int threads0 = ManagementFactory.getThreadMXBean().getThreadCount();
        long rss0 = rssKb();
        List<AutoCloseable> held = openAll(opener, uri, n);
        Thread.sleep(2500); // idle means quiet: a connection's own loop gives back its spare buffers after 1-2 s
        long heap1 = liveHeap();
        int threads1 = ManagementFactory.getThreadMXBean().getThreadCount();
        long rss1 = rssKb();
        System.out.printf("RESULT {\"impl\":\"%s\",\"conns\":%d,\"heap_kib_per_conn\":%.2f,\"threads_added\":%d,\"rss_kib_per_conn\":%.1f}%n",
                impl, n, (heap1 - heap0) / 1024.0 / n, threads1 - threads0, (double) (rss1 - rss0) / n);
        for (AutoCloseable c : held) {
            c.close();
        }
        System.exit(0);
    }

    private static List<AutoCloseable> openAll(Opener opener, URI uri, int n) throws Exception {
        CountDownLatch echoed = new CountDownLatch(n);
        List<AutoCloseable> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(opener.open(uri, echoed));
        }
        if (!echoed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("echoes missing: " + echoed.getCount());
        }
        return all;
    }

    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static AutoCloseable nettyOpen(EventLoopGroup group, URI uri, String message, CountDownLatch echoed) throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        Channel ch = ClientBench.Netty.open(group, uri, open, new SimpleChannelInboundHandler<TextWebSocketFrame>() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                    ctx.writeAndFlush(new TextWebSocketFrame(message));
                    open.countDown();
                }
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                echoed.countDown();
            }
        });
        return () -> ch.close().sync();
    }
}
