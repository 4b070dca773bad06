package io.wsboot.server;

import io.wsboot.ServerObserver.RejectReason;
import io.wsboot.handshake.HandshakeResponses;
import io.wsboot.transport.Selectable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Accepts connections on the first event loop and deals them round-robin to all loops. When
 * accepting fails (out of file descriptors) it pauses for a moment instead of spinning.
 */
final class Acceptor implements Selectable {
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());
    private static final int BATCH = 128;
    private static final long BACKOFF = TimeUnit.MILLISECONDS.toNanos(100);

    private final ServerEngine engine;
    private final ServerSocketChannel server;
    private final ServerLoop home;
    private final ServerLoop[] loops;
    private int next;
    private long lastWarning;

    Acceptor(ServerEngine engine, ServerSocketChannel server, ServerLoop[] loops) {
        this.engine = engine;
        this.server = server;
        this.loops = loops;
        this.home = loops[0];
    }

    @Override
    public void onSelect(SelectionKey key) {
        for (int i = 0; i < BATCH; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                pause(key, e);
                return;
            }
            if (ch == null) {
                return;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                ServerLoop.closeQuietly(ch);
                continue;
            }
            if (engine.handshakesInProgress() >= engine.config.maxHandshakes()) {
                refuseAtOnce(ch, RejectReason.TOO_MANY_HANDSHAKES, TOO_MANY_HANDSHAKES);
                continue;
            }
            InetAddress peer = peerOf(ch);
            RejectReason refused = engine.addresses.admit(peer);
            if (refused != null) {
                refuseAtOnce(ch, refused, refused == RejectReason.TOO_MANY_HANDSHAKES_FROM_ADDRESS
                        ? TOO_MANY_HANDSHAKES_FROM_ADDRESS : TOO_MANY_CONNECTIONS_FROM_ADDRESS);
                continue;
            }
            int max = engine.config.maxConnections();
            boolean overLimit = max > 0 && engine.connectionCount() >= max;
            engine.connectionOpened();
            engine.handshakeStarted();
            ServerLoop target = nextLiveLoop();
            if (target == home) {
                target.adopt(ch, peer, overLimit);
            } else {
                target.execute(() -> target.adopt(ch, peer, overLimit));
            }
        }
    }

    /** The next loop round-robin, passing over any that died (they would never pick the socket up). */
    private ServerLoop nextLiveLoop() {
        for (int tries = 0; ; tries++) {
            ServerLoop l = loops[next];
            next = next + 1 == loops.length ? 0 : next + 1;
            if (!l.isDead() || tries == loops.length) {
                return l;
            }
        }
    }

    /**
     * Too many handshakes in progress (a flood, or a slow-loris attack), overall or from one
     * address: answer 503 without reading the request and close, spending nothing else on it.
     */
    private void refuseAtOnce(SocketChannel ch, RejectReason reason, byte[] answer) {
        try {
            ch.write(ByteBuffer.wrap(answer));
        } catch (IOException ignored) {
            // closing anyway
        }
        ServerLoop.closeQuietly(ch);
        engine.handshakeRejected(null, reason, 503);
    }

    /** The client's address; a socket already gone counts under the unspecified address. */
    private static InetAddress peerOf(SocketChannel ch) {
        try {
            return ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static final InetAddress UNKNOWN = new InetSocketAddress(0).getAddress();
    private static final byte[] TOO_MANY_HANDSHAKES = busy("too many handshakes in progress; try again later");
    private static final byte[] TOO_MANY_HANDSHAKES_FROM_ADDRESS = busy("too many handshakes in progress from your address; try again later");
    private static final byte[] TOO_MANY_CONNECTIONS_FROM_ADDRESS = busy("too many connections from your address; try again later");

    private static byte[] busy(String why) {
        return HandshakeResponses.error(503, why, List.of("Retry-After: 1"));
    }

    private void pause(SelectionKey key, IOException e) {
        long now = System.nanoTime();
        if (now - lastWarning > TimeUnit.SECONDS.toNanos(10) || lastWarning == 0) {
            lastWarning = now;
            LOG.log(System.Logger.Level.WARNING, "accept failed (" + e.getMessage() + "); pausing accepts for 100 ms");
        }
        if (!key.isValid()) {
            return;
        }
        key.interestOps(0);
        home.schedule(() -> {
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        }, BACKOFF);
    }

    @Override
    public void onFailure(Throwable t) {
        LOG.log(System.Logger.Level.ERROR, "acceptor failed", t);
    }
}
