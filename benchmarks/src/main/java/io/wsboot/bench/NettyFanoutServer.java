package io.wsboot.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The Netty peer of the topic benchmark, written the way Netty's users broadcast: a connection
 * on {@code /sub} joins a {@link ChannelGroup}; a message received on {@code /pub} is written to
 * the group as one frame whose content buffer is retained and shared by every channel
 * ({@code ChannelGroup.writeAndFlush} hands each a retained duplicate; each channel's encoder
 * writes its own header). {@code /idle} joins nothing. Epoll, one event loop by default.
 * {@code java -cp wsboot-bench.jar io.wsboot.bench.NettyFanoutServer PORT [event-loops]}.
 */
public final class NettyFanoutServer {
    private static final AttributeKey<Boolean> PUBLISHER = AttributeKey.valueOf("publisher");

    private NettyFanoutServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9223;
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : Integer.getInteger("loops", 1);
        ChannelGroup subscribers = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, EpollIoHandler.newFactory());
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(1 << 20).build();
        Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 16384)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler(ws), new Fanout(subscribers));
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            group.shutdownGracefully();
        }));
        System.out.println("READY netty fan-out on ws://127.0.0.1:" + port + "/sub and /pub with " + loops + " event loop(s)");
        server.closeFuture().sync();
    }

    /** Joins the group on /sub; on /pub, broadcasts each message to it. */
    private static final class Fanout extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final ChannelGroup subscribers;

        Fanout(ChannelGroup subscribers) {
            this.subscribers = subscribers;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
                String uri = hc.requestUri();
                if (uri.startsWith("/sub")) {
                    subscribers.add(ctx.channel());
                } else if (uri.startsWith("/pub")) {
                    ctx.channel().attr(PUBLISHER).set(true);
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (ctx.channel().attr(PUBLISHER).get() == null) {
                return;
            }
            // one buffer for every subscriber: the group writes a retained duplicate to each channel
            WebSocketFrame copy = frame instanceof TextWebSocketFrame
                    ? new TextWebSocketFrame(frame.content().retain())
                    : new BinaryWebSocketFrame(frame.content().retain());
            subscribers.writeAndFlush(copy);
        }
    }
}
