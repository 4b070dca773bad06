package io.wsboot.testing;

import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.Message;
import io.wsboot.PathTemplate;
import io.wsboot.codec.CloseFrame;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import io.wsboot.handshake.HandshakeException;
import io.wsboot.handshake.HttpRequestHead;
import io.wsboot.handshake.UpgradeRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Unit-test helpers for handlers, no socket involved (seed: {@code websocket.testing}):
 * incoming messages, handshakes, and a {@link Session} that drives a handler through its
 * lifecycle on a {@link TestConn}.
 *
 * <pre>{@code
 * WsTesting.Session s = WsTesting.open(new ChatHandler(), WsTesting.handshake("/chat?name=ann"));
 * s.receive(WsTesting.textMessage("hello"));
 * s.conn().expectText("ann: hello");
 * s.close();
 * }</pre>
 */
public final class WsTesting {
    private WsTesting() {
    }

    public static Message textMessage(String text) {
        return Message.text(text);
    }

    public static Message binaryMessage(byte[] data) {
        return Message.binary(data.clone());
    }

    public static Message pingMessage(byte[] data) {
        return Message.of(OpCode.PING, data.clone());
    }

    public static Message pongMessage(byte[] data) {
        return Message.of(OpCode.PONG, data.clone());
    }

    public static Message closeMessage(int code, String reason) {
        return Message.of(OpCode.CLOSE, CloseFrame.payload(code, reason));
    }

    /** Starts building a handshake request for {@code url} (path and query). */
    public static HandshakeBuilder handshake(String url) {
        return new HandshakeBuilder(url);
    }

    /**
     * Runs {@code init} and {@code afterInit} of {@code handler} on a new {@link TestConn}.
     * A rejection thrown by init propagates to the caller.
     */
    public static Session open(Handler handler, HandshakeBuilder handshake) throws Exception {
        return open(handler, handshake, null);
    }

    /**
     * As {@link #open(Handler, HandshakeBuilder)}, the connection's subscriptions joining
     * {@code topics}: give the handler the same {@link TestTopics} to publish to, and what it
     * publishes reaches the test connections that subscribed.
     */
    public static Session open(Handler handler, HandshakeBuilder handshake, TestTopics topics) throws Exception {
        Handshake h = handshake.build();
        TestConn conn = new TestConn(h.handlerPath(), topics);
        conn.setPathVariables(h.pathVariables());
        conn.setPrincipal(h.principal());
        handler.init(h, conn);
        h.markAnswered();
        conn.setPrincipal(h.principal());
        conn.setSubprotocol(h.selectedSubprotocol());
        handler.afterInit(conn);
        return new Session(handler, conn, h);
    }

    /** A handler and its test connection, driven by the test. */
    public static final class Session {
        private final Handler handler;
        private final TestConn conn;
        private final Handshake handshake;
        private boolean closed;

        private Session(Handler handler, TestConn conn, Handshake handshake) {
            this.handler = handler;
            this.conn = conn;
            this.handshake = handshake;
        }

        public TestConn conn() {
            return conn;
        }

        public Handshake handshake() {
            return handshake;
        }

        /** Hands {@code message} to the handler, as the engine would. */
        public Session receive(Message message) throws Exception {
            handler.handle(conn, message);
            return this;
        }

        public Session receive(String text) throws Exception {
            return receive(textMessage(text));
        }

        /** Ends the connection as if the peer closed with 1000; runs the handler's close once. */
        public void close() {
            if (!closed) {
                closed = true;
                if (conn.isOpen()) {
                    conn.closedByPeer(CloseCodes.NORMAL, "");
                }
                handler.close(conn);
            }
        }
    }

    /** A handshake request as a client would send it; the mandatory headers are filled in. */
    public static final class HandshakeBuilder {
        private final String url;
        private final List<String[]> headers = new ArrayList<>();
        private int maxHeaders = Integer.MAX_VALUE;
        private String handlerPath;
        private java.security.Principal principal;

        private HandshakeBuilder(String url) {
            this.url = url;
        }

        public HandshakeBuilder header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        public HandshakeBuilder subprotocols(String... protocols) {
            return header("Sec-WebSocket-Protocol", String.join(", ", protocols));
        }

        /** Captures only the first {@code n} headers in {@link Handshake#headers()} (default: all). */
        public HandshakeBuilder maxHeaders(int n) {
            this.maxHeaders = n;
            return this;
        }

        /**
         * The handler's path as it would be registered, a template such as "/rooms/{room}": the
         * handshake's {@link Handshake#pathVariables()} come from matching the url's path to it.
         *
         * @throws IllegalArgumentException when the url's path does not match
         */
        public HandshakeBuilder handlerPath(String template) {
            this.handlerPath = template;
            return this;
        }

        /** The handshake arrives authenticated as {@code principal}, as a security layer in front of init would set it. */
        public HandshakeBuilder principal(java.security.Principal principal) {
            this.principal = principal;
            return this;
        }

        public Handshake build() {
            StringBuilder sb = new StringBuilder("GET ").append(url).append(" HTTP/1.1\r\n");
            for (String[] h : headers) {
                sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            sb.append("Host: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            byte[] raw = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            try {
                UpgradeRequest req = UpgradeRequest.validate(HttpRequestHead.parse(raw, raw.length));
                String served = handlerPath == null ? req.path() : handlerPath;
                Map<String, String> vars = handlerPath == null ? Map.of() : PathTemplate.parse(handlerPath).match(req.path());
                if (vars == null) {
                    throw new IllegalArgumentException("path " + req.path() + " does not match the handler's path " + served);
                }
                Handshake h = new Handshake(req, maxHeaders, null, served, vars);
                h.principal(principal);
                return h;
            } catch (HandshakeException e) {
                throw new IllegalArgumentException("not a valid handshake: " + e.getMessage(), e);
            }
        }
    }
}
