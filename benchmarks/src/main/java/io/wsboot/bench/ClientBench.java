package io.wsboot.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.wsboot.client.ClientConfig;
import io.wsboot.client.ClientEventLoops;
import io.wsboot.client.WsClient;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Client echo throughput: CONNS connections each keep DEPTH text messages of SIZE bytes in flight
 * against an echo server (closed loop: every echo sends the next message), for SECONDS after a
 * warm-up. Prints round trips per second and the client's CPU time per round trip.
 *
 * <pre>java -cp ... io.wsboot.bench.ClientBench IMPL PORT CONNS DEPTH SIZE WARMUP SECONDS</pre>
 * IMPL: wsboot (this project's WsClient, a read thread per connection), wsboot-loop (WsClient on
 * one shared ClientEventLoops thread), jdk (java.net.http.WebSocket), netty (Netty 4.2
 * WebSocketClientProtocolHandler, epoll when available, one event loop).
 */
public final class ClientBench {
    private ClientBench() {
    }

    /** Counts round trips. */
    static final LongAdder ECHOES = new LongAdder();

    interface Impl {
        void start(URI uri, int depth, String message) throws Exception;

        void stop() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String impl = args[0];
        URI uri = URI.create("ws://127.0.0.1:" + args[1] + "/");
        int conns = Integer.parseInt(args[2]);
        int depth = Integer.parseInt(args[3]);
        String message = "x".repeat(Integer.parseInt(args[4]));
        double warmup = Double.parseDouble(args[5]);
        double seconds = Double.parseDouble(args[6]);
        List<Impl> clients = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            Impl c = switch (impl) {
                case "wsboot" -> new Wsboot(null);
                case "wsboot-loop" -> new Wsboot(Wsboot.loops());
                case "jdk" -> new Jdk();
                case "netty" -> new Netty();
                default -> throw new IllegalArgumentException("unknown client " + impl);
            };
            c.start(uri, depth, message);
            clients.add(c);
        }
        Thread.sleep((long) (warmup * 1000));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long n0 = ECHOES.sum();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long n1 = ECHOES.sum();
        long cpu1 = os.getProcessCpuTime();
        long t1 = System.nanoTime();
        double rate = (n1 - n0) / ((t1 - t0) / 1e9);
        double cpuPerMsg = (cpu1 - cpu0) / 1000.0 / Math.max(1, n1 - n0);
        System.out.printf("RESULT {\"impl\":\"%s\",\"conns\":%d,\"depth\":%d,\"size\":%d,\"msgs_per_s\":%.0f,\"client_cpu_us_per_msg\":%.3f}%n",
                impl, conns, depth, message.length(), rate, cpuPerMsg);
        for (Impl c : clients) {
            c.stop();
        }
        Netty.shutdown();
        System.exit(0);
    }

    /**
     * This project's client: a blocking read loop per connection ("wsboot"), or one shared event
     * loop for all connections ("wsboot-loop"); the echo sends the next message.
     */
    static final class Wsboot implements Impl {
        private static ClientEventLoops loops;
        private final ClientEventLoops eventLoops;
        private WsClient client;

        Wsboot(ClientEventLoops eventLoops) {
            this.eventLoops = eventLoops;
        }

        static synchronized ClientEventLoops loops() {
            if (loops == null) {
                loops = ClientEventLoops.create(1);
            }
            return loops;
        }

        @Override
        public void start(URI uri, int depth, String message) throws Exception {
            client = WsClient.connect(uri, ClientConfig.builder().eventLoops(eventLoops).build(), java.util.Map.of());
            byte[] payload = message.getBytes();
            client.readLoopAsync(m -> {
                ECHOES.increment();
                client.writeText(payload);
            });
            for (int i = 0; i < depth; i++) {
                client.writeText(payload);
            }
        }

        @Override
        public void stop() {
            client.close();
        }
    }

    /** The JDK's java.net.http.WebSocket: one send at a time, so sends are chained. */
    static final class Jdk implements Impl, WebSocket.Listener {
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        private WebSocket ws;
        private String message;
        private CompletableFuture<WebSocket> sends;

        @Override
        public void start(URI uri, int depth, String message) {
            this.message = message;
            ws = HTTP.newWebSocketBuilder().buildAsync(uri, this).join();
            sends = CompletableFuture.completedFuture(ws);
            for (int i = 0; i < depth; i++) {
                send();
            }
        }

        private synchronized void send() {
            sends = sends.thenCompose(w -> w.sendText(message, true));
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (last) {
                ECHOES.increment();
                send();
            }
            return null;
        }

        @Override
        public void stop() {
            ws.abort();
        }
    }

    /** Netty's WebSocket client: one event loop for all connections. */
    static final class Netty implements Impl {
        private static EventLoopGroup group;
        private Channel channel;

        private static synchronized EventLoopGroup group() {
            if (group == null) {
                group = new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
            }
            return group;
        }

        static synchronized void shutdown() {
            if (group != null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }

        @Override
        public void start(URI uri, int depth, String message) throws Exception {
            CountDownLatch open = new CountDownLatch(1);
            channel = open(group(), uri, open, new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                        for (int i = 0; i < depth; i++) {
                            ctx.write(new TextWebSocketFrame(message));
                        }
                        ctx.flush();
                        open.countDown();
                    }
                }

                @Override
                protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                    ECHOES.increment();
                    ctx.write(new TextWebSocketFrame(message));
                }

                @Override
                public void channelReadComplete(ChannelHandlerContext ctx) {
                    ctx.flush();
                }
            });
        }

        /**
         * Connects Netty's WebSocket client (HTTP codec, aggregator, client protocol handler, then
         * {@code app}) on {@code group}; returns once {@code app} counted {@code handshakeDone} down.
         */
        static Channel open(EventLoopGroup group, URI uri, CountDownLatch handshakeDone, ChannelHandler app) throws Exception {
            Channel ch = new Bootstrap().group(group)
                    .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(io.netty.channel.ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                            uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 65536)),
                                    app);
                        }
                    }).connect(uri.getHost(), uri.getPort()).sync().channel();
            if (!handshakeDone.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("netty handshake did not complete");
            }
            return ch;
        }

        @Override
        public void stop() {
            channel.close();
        }
    }
}
