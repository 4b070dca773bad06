package io.wsboot.client;

import io.wsboot.ServerObserver.Limit;
import io.wsboot.deflate.ZlibPool;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import io.wsboot.session.Endpoint;
import io.wsboot.session.Session;
import io.wsboot.session.SessionTimers;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a client's {@link Session} hands its role: messages to the {@link ClientHandler} on the
 * loop, counts to the observer, and the end: the handler's {@code close} once, then
 * {@link #done}; a connection's own loop stops with it.
 */
final class ClientEndpoint implements Endpoint {
    private final ClientLoop loop;
    private final ClientObserver.ConnectionObserver observer;
    private final Duration closeTimeout;
    private final String target;
    /** Permessage-deflate's native memory, when agreed; freed with the socket. */
    private final ZlibPool zlib;
    /** Completes once the handler's close has returned. */
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    /** Set when reading starts. */
    private volatile ClientHandler handler;
    /** Set when the loop takes the session over. */
    private Session session;
    private volatile boolean ended;

    ClientEndpoint(ClientLoop loop, ClientObserver.ConnectionObserver observer, Duration closeTimeout, String target, ZlibPool zlib) {
        this.loop = loop;
        this.observer = observer;
        this.closeTimeout = closeTimeout;
        this.target = target;
        this.zlib = zlib;
    }

    ClientLoop loop() {
        return loop;
    }

    /** The loop took {@code s} over (loop thread). */
    void attached(Session s) {
        session = s;
        if (loop.single) {
            loop.trimWhenQuiet(s);
        }
    }

    /** Reading starts with {@code h}; a session that ended before tells it at once. */
    void readWith(ClientHandler h) {
        handler = h;
        if (ended) {
            finish();
        }
    }

    @Override
    public void deliver(Session s, OpCode type, ByteBuffer buf, int offset, int length) {
        try {
            handler.handle(loop.message.set(type, buf, offset, length));
        } catch (Exception e) {
            s.fail(CloseCodes.INTERNAL_ERROR, "handler error");
        } finally {
            loop.message.clear();
        }
    }

    @Override
    public void drained(Session s) {
        ClientHandler h = handler;
        if (h == null) {
            return;
        }
        try {
            h.drained();
        } catch (Exception e) {
            s.fail(CloseCodes.INTERNAL_ERROR, "handler error");
        }
    }

    @Override
    public void afterHandlers(Runnable then) {
        then.run(); // handlers run on the loop: every call handed over has returned
    }

    @Override
    public long heldForHandlers() {
        return 0;
    }

    @Override
    public void ended(Session s) {
        observer.closed(s.closeCode());
        ended = true;
        if (handler != null) {
            finish();
        }
    }

    /** The handler's close, once; then {@link #done}. */
    void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            handler.close();
        } catch (RuntimeException ignored) {
            // the handler's own problem; the connection is over anyway
        } finally {
            done.complete(null);
        }
    }

    @Override
    public void released(Session s) {
        if (zlib != null) {
            zlib.close();
        }
        if (loop.single) {
            loop.shutdown();
        }
    }

    @Override
    public void received(OpCode type, int bytes) {
        observer.received(type, bytes);
        if (loop.single && session != null) {
            loop.trimWhenQuiet(session); // loop thread: a message arrived
        }
    }

    @Override
    public void sent(boolean onLoop, OpCode type, int bytes) {
        observer.sent(type, bytes);
    }

    @Override
    public void limitReached(Limit limit) {
        // a client has no limit meters: the close code says it
    }

    // A client's session is never handed to application code as a Conn (its handler sees only
    // messages): there are no topics or keys to join, and nothing can ask.

    @Override
    public boolean subscribe(Session s, String topic) {
        return false;
    }

    @Override
    public boolean unsubscribe(Session s, String topic) {
        return false;
    }

    @Override
    public void key(Session s, String key) {
    }

    @Override
    public String key(Session s) {
        return null;
    }

    @Override
    public SessionTimers timers() {
        return loop.timers(closeTimeout);
    }

    @Override
    public String describe() {
        return "client of " + target;
    }
}
