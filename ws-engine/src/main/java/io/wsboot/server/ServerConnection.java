package io.wsboot.server;

import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.ServerObserver.ConnectionObserver;
import io.wsboot.ServerObserver.Limit;
import io.wsboot.ServerObserver.RejectReason;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import io.wsboot.handshake.HandshakeException;
import io.wsboot.handshake.HandshakeResponses;
import io.wsboot.handshake.HttpRequestHead;
import io.wsboot.handshake.UpgradeRequest;
import io.wsboot.session.Endpoint;
import io.wsboot.session.Session;
import io.wsboot.session.SessionTimers;
import io.wsboot.transport.DeadlineQueue;
import io.wsboot.transport.Selectable;
import io.wsboot.transport.TlsTransport;
import io.wsboot.transport.Transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One server connection: the HTTP upgrade phase (the request read into a pooled buffer, checked,
 * routed and admitted; the handler's {@code init}; the 101 or an HTTP error), then the
 * {@link Session} it hands over to, which it serves as {@link Endpoint}: handler calls through
 * {@link HandlerCalls}, the path's counters, and what is released when the socket closes.
 * Loop-confined but for what the session does.
 */
final class ServerConnection extends DeadlineQueue.Node implements Selectable, Endpoint {
    private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());

    final ServerLoop loop;
    final SocketChannel ch;
    /** The client's address: what the per-address limits count. */
    private final InetAddress peer;
    /** Plain, or TLS for wss://. */
    private final Transport transport;
    SelectionKey key;
    int slot = -1;
    private final long id;

    // reading the request
    private byte[] hsBuf;
    private int hsLen;
    /** Accepted beyond max-connections: answered 503 once its request arrives. */
    private final boolean overLimit;
    /** Counted in the server's handshakes in progress until the handshake ends either way. */
    private boolean handshaking = true;

    // once routed
    private Route route;
    /** What the route's template captured from the request's path. */
    private Map<String, String> pathVariables = Map.of();
    /** The handshake while init may still set its principal; null once answered. */
    private volatile Handshake initHandshake;
    private volatile Principal principal;
    /** Follows the connection until it opens (then its close callback tells the end) or ends before; NOOP after. */
    private ConnectionObserver watch = ConnectionObserver.NOOP;
    /** Init runs on the handler executor: the loop waits for it to answer. */
    private boolean initOffLoop;
    /** System.nanoTime() of the 101; 0 before. */
    private long openedAt;
    /** Data messages handed to the handler (loop only; read racily by {@link #view}). */
    private long messagesIn;
    private HandlerCalls calls;
    private Session session;
    /** Executor mode: frames that came with the request, decoded once init has returned. */
    private ByteBuffer pendingInput;
    private boolean closed;

    ServerConnection(ServerLoop loop, SocketChannel ch, InetAddress peer, long id, boolean overLimit) {
        this.loop = loop;
        this.ch = ch;
        this.peer = peer;
        this.id = id;
        this.overLimit = overLimit;
        this.transport = loop.engine.isTls() ? new TlsTransport(ch, loop.engine.newSslEngine(), loop.tls) : new Transport.Plain(ch);
    }

    private void endHandshakeCount() {
        if (handshaking) {
            handshaking = false;
            loop.engine.handshakeEnded(peer);
        }
    }

    // ------------------------------------------------------------------ selection

    @Override
    public void onSelect(SelectionKey k) {
        if (session != null) {
            session.onSelect(k);
        } else if ((k.readyOps() & SelectionKey.OP_READ) != 0) {
            readHandshake();
        }
    }

    @Override
    public void onFailure(Throwable t) {
        if (session != null) {
            session.onFailure(t);
            return;
        }
        ServerLoop.report(t instanceof OutOfMemoryError ? "a handshake failed: out of memory" : "connection " + id + " failed in its handshake", t);
        closeChannel();
    }

    // ------------------------------------------------------------------ the upgrade request

    private void readHandshake() {
        ByteBuffer rb = loop.readBuffer.clear();
        int n;
        try {
            n = transport.read(rb);
        } catch (IOException e) {
            n = -1;
        }
        if (n <= 0) {
            if (n < 0) {
                closeChannel(); // gone before finishing its request: nothing to answer
            }
            return;
        }
        rb.flip();
        if (overLimit) {
            rejectHandshake(RejectReason.TOO_MANY_CONNECTIONS, 503, "server is at max-connections (" + loop.engine.config.maxConnections()
                    + "); try again later", List.of("Retry-After: 1"));
            return;
        }
        if (hsBuf == null) {
            hsBuf = loop.engine.handshakeBuffers.acquire();
            hsLen = 0;
        }
        int before = hsLen;
        int take = Math.min(rb.remaining(), hsBuf.length - hsLen);
        rb.get(hsBuf, hsLen, take);
        hsLen += take;
        int end = HttpRequestHead.findEnd(hsBuf, Math.max(0, before - 3), hsLen);
        if (end < 0) {
            if (hsLen == hsBuf.length) {
                rejectHandshake(RejectReason.TOO_LARGE, 431,
                        "handshake request larger than handshake-max-size (" + hsBuf.length + " bytes)", List.of());
            }
            return;
        }
        // bytes after the request head are the first frames: give them back to the read buffer
        rb.position(rb.position() - (hsLen - end));
        Handshake handshake;
        try {
            UpgradeRequest req = UpgradeRequest.validate(HttpRequestHead.parse(hsBuf, end));
            Routes.Match match = loop.engine.route(req.path());
            handshake = UpgradeGate.route(loop.engine, req, match, remoteAddress());
            route = match.route();
            pathVariables = handshake.pathVariables();
            watch = route.observer().connection(handshake);
            UpgradeGate.admit(loop.engine, handshake, loop.isStopping());
            initHandshake = handshake;
        } catch (HandshakeException e) {
            rejectHandshake(UpgradeGate.reasonFor(e.status()), e.status(), e.getMessage(), e.headers());
            return;
        }
        releaseHandshakeBuffer();
        DeadlineQueue.leave(this);
        calls = new HandlerCalls(loop.engine, route, loop, loop.engine.handlerExecutor, watch);
        session = new Session(loop, ch, key, transport, this, loop.engine.sessionSettings, id, route.path());
        if (calls.onLoop()) {
            completeHandshake(handshake, calls.init(handshake, session));
            if (session.isOpenState() && rb.hasRemaining()) {
                loop.current = session;
                session.decode(rb);
                loop.current = null;
            }
            session.flushNow();
            if (session.isOpenState() && transport.hasBufferedInput()) {
                session.readFrames(); // TLS records read with the request, not yet decrypted
            }
        } else {
            if (rb.hasRemaining()) {
                pendingInput = ByteBuffer.allocate(rb.remaining()).put(rb).flip();
            }
            session.holdInput();
            initOffLoop = true;
            calls.initOffLoop(handshake, session, outcome -> completeHandshake(handshake, outcome));
        }
    }

    /** On the loop, once init has returned: answer 101 (or the rejection) and open. */
    private void completeHandshake(Handshake handshake, Throwable initFailure) {
        principal = handshake.principal();
        initHandshake = null;
        initOffLoop = false;
        if (closed || !session.isInit()) {
            watch.closed(CloseCodes.ABNORMAL); // closed while init ran
            watch = ConnectionObserver.NOOP;
            return;
        }
        if (initFailure instanceof HandshakeRejection r) {
            rejectHandshake(r.reason(), r.status(), r.getMessage(), r.headers());
            return;
        }
        if (initFailure != null) {
            LOG.log(System.Logger.Level.WARNING, "handler " + route.describe() + " failed in init; answering 500", initFailure);
            route.observer().handlerError(initFailure);
            rejectHandshake(RejectReason.HANDLER_ERROR, 500, "handshake failed", List.of());
            return;
        }
        if (loop.isStopping()) {
            rejectHandshake(RejectReason.SHUTTING_DOWN, 503, "server is shutting down", List.of());
            return;
        }
        UpgradeGate.Agreement agreed = UpgradeGate.open(loop.engine, loop, handshake);
        session.open(agreed.decoder(), agreed.deflater(), agreed.subprotocol(), agreed.answer());
        endHandshakeCount();
        loop.engine.sessionOpened();
        // accepted when its handshake deadline was set: no field of its own for the time
        openedAt = System.nanoTime();
        route.observer().opened(openedAt - (deadline() - loop.engine.config.handshakeTimeout().toNanos()));
        watch.opened(session);
        watch = ConnectionObserver.NOOP; // from here its end comes with the close callback
        calls.afterInit(session);
        if (!calls.onLoop()) {
            session.releaseInput();
            if (pendingInput != null) {
                ByteBuffer in = pendingInput;
                pendingInput = null;
                session.decode(in);
            }
            session.flushNow();
        }
    }

    /** Answers an HTTP error and closes (no handler callback: the connection never opened). */
    private void rejectHandshake(RejectReason reason, int status, String message, List<String> headers) {
        releaseHandshakeBuffer();
        DeadlineQueue.leave(this);
        endHandshakeCount();
        loop.engine.handshakeRejected(route, reason, status);
        watch.rejected(reason, status);
        watch = ConnectionObserver.NOOP;
        if (session == null) {
            session = new Session(loop, ch, key, transport, this, loop.engine.sessionSettings, id, route == null ? null : route.path());
        }
        session.reject(HandshakeResponses.error(status, message, headers));
    }

    void onHandshakeTimeout() {
        if (session != null) {
            return;
        }
        if (!transport.ready()) {
            // the TLS handshake itself did not finish: no channel to answer on
            loop.engine.handshakeRejected(null, RejectReason.TIMEOUT, 0);
            closeChannel();
            return;
        }
        rejectHandshake(RejectReason.TIMEOUT, 408,
                "handshake not completed within handshake-timeout (" + loop.engine.config.handshakeTimeout() + ")", List.of());
    }

    private void releaseHandshakeBuffer() {
        if (hsBuf != null) {
            loop.engine.handshakeBuffers.release(hsBuf);
            hsBuf = null;
        }
    }

    /** Before any session: the socket closes and the counts are undone. */
    private void closeChannel() {
        if (closed) {
            return;
        }
        transport.release();
        key.cancel();
        ServerLoop.closeQuietly(ch);
        released(null);
    }

    private InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) ch.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ what the loop asks of its connections

    void keepalive(long now) {
        if (session != null) {
            session.keepalive(now);
        }
    }

    long held() {
        return session == null ? 0 : session.held();
    }

    void trimBuffers() {
        if (session != null) {
            session.trimBuffers();
        }
    }

    void overBudget() {
        if (session != null) {
            session.overBudget();
        }
    }

    void onServerStop() {
        if (session == null) {
            closeChannel();
        } else {
            session.onServerStop();
        }
    }

    @Override
    public SessionTimers timers() {
        return loop.sessionTimers;
    }

    @Override
    public void onLoopEnded() {
        abort();
    }

    /** Ends at once (the loop stops): the close callback runs if it has not. */
    void abort() {
        if (session == null) {
            closeChannel();
        } else {
            session.abort();
        }
    }

    long id() {
        return id;
    }

    // ------------------------------------------------------------------ Endpoint: what the session asks of the server

    @Override
    public void deliver(Session s, OpCode type, ByteBuffer buf, int offset, int length) {
        if (!type.isControl()) {
            messagesIn++;
        }
        calls.deliver(s, type, buf, offset, length);
    }

    long openedAt() {
        return openedAt;
    }

    long messagesIn() {
        return messagesIn;
    }

    /** Open (past its 101, not closing): what an operator's view lists. */
    boolean isOpenSession() {
        Session s = session;
        return openedAt != 0 && s != null && s.isOpen();
    }

    /** This connection for an operator's view, or null while it is not open (on its loop). */
    ServerView.Connection view(long now) {
        Session s = session;
        if (openedAt == 0 || s == null || !s.isOpen()) {
            return null;
        }
        Principal p = principal;
        return new ServerView.Connection(id, route.path(), remoteAddress(), java.time.Duration.ofNanos(now - openedAt),
                s.bufferedAmount(), messagesIn, p == null ? null : p.getName());
    }

    @Override
    public void drained(Session s) {
        calls.drained(s);
    }

    @Override
    public void afterHandlers(Runnable then) {
        calls.afterHandlers(then);
    }

    @Override
    public long heldForHandlers() {
        return calls == null ? 0 : calls.inflightBytes();
    }

    @Override
    public void ended(Session s) {
        leaveTopics(s); // before the close callback: what it publishes goes to the others, not to this one
        route.observer().closed(s.closeCode());
        calls.close(s, loop.engine::sessionClosed);
    }

    /** The topics this connection joined, guarded by its session's monitor; null until the first. */
    private ArrayList<String> topics;

    @Override
    public boolean subscribe(Session s, String topic) {
        Objects.requireNonNull(topic, "topic");
        synchronized (s) {
            if (s.hasEnded() || topics != null && topics.contains(topic)) {
                return false;
            }
            if ((topics == null ? 0 : topics.size()) >= loop.engine.config.maxSubscriptions()) {
                route.observer().limitReached(Limit.MAX_SUBSCRIPTIONS);
                return false;
            }
            if (topics == null) {
                topics = new ArrayList<>(2);
            }
            topics.add(topic);
            loop.engine.topics.join(s, loop, topic); // under the monitor: a release cannot come between
        }
        return true;
    }

    @Override
    public boolean unsubscribe(Session s, String topic) {
        synchronized (s) {
            if (topics == null || !topics.remove(topic)) {
                return false;
            }
            loop.engine.topics.leave(s, loop, topic);
        }
        return true;
    }

    /** The application's key for this connection (Topics#connections), guarded by the session's monitor. */
    private volatile String appKey;

    @Override
    public void key(Session s, String k) {
        synchronized (s) {
            if (s.hasEnded() || Objects.equals(appKey, k)) {
                return;
            }
            loop.engine.topics.file(s, appKey, k);
            appKey = k;
        }
    }

    @Override
    public String key(Session s) {
        return appKey;
    }

    @Override
    public Principal principal() {
        Handshake h = initHandshake;
        return h != null ? h.principal() : principal;
    }

    @Override
    public Map<String, String> pathVariables() {
        return pathVariables;
    }

    /** The connection is gone: it leaves every topic it joined, and its key's lookup. */
    private void leaveTopics(Session s) {
        ArrayList<String> joined;
        synchronized (s) {
            joined = topics;
            topics = null;
            if (appKey != null) {
                loop.engine.topics.file(s, appKey, null);
            }
        }
        if (joined != null) {
            for (String t : joined) {
                loop.engine.topics.leave(s, loop, t);
            }
        }
    }

    @Override
    public void released(Session s) {
        if (closed) {
            return;
        }
        closed = true;
        if (!initOffLoop) { // else once init has returned: the end comes after every call
            watch.closed(CloseCodes.ABNORMAL); // gone before its handshake was answered
            watch = ConnectionObserver.NOOP;
        }
        if (s != null) { // null: it never got past the HTTP upgrade
            leaveTopics(s);
        }
        DeadlineQueue.leave(this);
        releaseHandshakeBuffer();
        loop.unregister(this);
        loop.engine.connectionClosed(peer);
        endHandshakeCount();
    }

    @Override
    public void received(OpCode type, int bytes) {
        route.counters().received(loop.index, type, bytes);
    }

    @Override
    public void sent(boolean onLoop, OpCode type, int bytes) {
        if (onLoop) {
            route.counters().sentOnLoop(loop.index, type, bytes);
        } else {
            route.counters().sentElsewhere(type, bytes);
        }
    }

    @Override
    public void limitReached(Limit limit) {
        route.observer().limitReached(limit);
    }

    @Override
    public String describe() {
        return route == null ? "connection " + id : route.describe();
    }

    @Override
    public String toString() {
        return session != null ? session.toString() : "Conn#" + id;
    }
}
