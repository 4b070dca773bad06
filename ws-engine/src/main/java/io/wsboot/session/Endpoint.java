package io.wsboot.session;

import io.wsboot.ServerObserver.Limit;
import io.wsboot.frame.OpCode;

import java.nio.ByteBuffer;

/**
 * What a {@link Session} asks of the role it serves (the server's connection): where messages go,
 * what is counted, and what happens when it ends. Loop thread, but for {@link #sent}.
 */
public interface Endpoint {
    /** A text or binary message, or a control frame the settings hand over, for the handler. */
    public void deliver(Session session, OpCode type, ByteBuffer buf, int offset, int length);

    /** The session's queue fell to the write-buffer low mark after passing the high mark: tell the handler. Loop. */
    public void drained(Session session);

    /** Runs {@code then} on the loop once every handler call handed over so far has returned. */
    public void afterHandlers(Runnable then);

    /** Bytes of messages copied for the handler and not yet handled (part of what the session holds). */
    public long heldForHandlers();

    /** No more messages either way: the handler's close callback, once, for a session that opened. */
    public void ended(Session session);

    /** The socket is closed and the session's buffers given back: free what the connection holds. Once. */
    public void released(Session session);

    public void received(OpCode type, int bytes);

    /** A frame went out (or was queued): from the loop, or from another thread. */
    public void sent(boolean onLoop, OpCode type, int bytes);

    public void limitReached(Limit limit);

    /** Joins a topic; false when a member already, or closed, or the role has no topics. Any thread. */
    public boolean subscribe(Session session, String topic);

    public boolean unsubscribe(Session session, String topic);

    /** Files the session under the application's {@code key} for a lookup (a server's). Any thread. */
    public void key(Session session, String key);

    public String key(Session session);

    /** Who the connection's handshake authenticated as, or null (a server's). */
    default java.security.Principal principal() {
        return null;
    }

    /** What the handler's template captured from the request's path (a server's). */
    default java.util.Map<String, String> pathVariables() {
        return java.util.Map.of();
    }

    /** The loop's timeouts for closing sessions (one set per loop, not per session). */
    SessionTimers timers();

    /** How logs name the connection's handler. */
    public String describe();
}
