package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.PathStats;
import io.wsboot.ServerObserver;
import io.wsboot.frame.OpCode;
import io.wsboot.support.Frames;
import io.wsboot.support.RawClient;
import io.wsboot.support.Recorder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The observer sees every connection, message, rejection and error, per path. */
class ObserverTest {
    final List<String> events = new CopyOnWriteArrayList<>();

    final ServerObserver observer = new ServerObserver() {
        @Override
        public PathObserver path(String path, PathStats stats) {
            return new PathObserver() {
                @Override
                public void opened(long handshakeNanos) {
                    events.add(path + " opened " + (handshakeNanos > 0 && handshakeNanos < 10_000_000_000L));
                }

                @Override
                public void closed(int code) {
                    events.add(path + " closed " + code);
                }

                @Override
                public void handlerError(Throwable error) {
                    events.add(path + " error " + error.getMessage());
                }
            };
        }

        @Override
        public void handshakeRejected(String path, RejectReason reason, int status) {
            events.add("rejected " + path + " " + reason + " " + status);
        }
    };

    @Test
    void reportsTrafficPerPath() throws Exception {
        Recorder echo = new Recorder() {
            @Override
            protected void onInit(Handshake handshake, Conn conn) {
                if (handshake.query() != null) {
                    throw HandshakeRejection.forbidden("no query please");
                }
            }

            @Override
            protected void onMessage(Conn conn, Message message) {
                if (message.text().equals("boom")) {
                    throw new IllegalStateException("boom");
                }
                conn.writeFrame(message.type(), message.data());
            }
        };
        WsServer server = WsServer.builder().port(0).address("127.0.0.1").observer(observer)
                .handler("/a", echo).loopBlockWarning(Duration.ZERO).start();
        try {
            try (RawClient c = RawClient.open(server.port(), "/a")) {
                c.send(Frames.client(OpCode.TEXT, "hello"));
                c.readFrame();
                c.send(Frames.client(OpCode.PING, "p"));
                c.readFrame();
                c.send(Frames.client(OpCode.CLOSE, Frames.closePayload(1000, "")));
                c.readFrame();
            }
            echo.awaitClosed();
            try (RawClient c = RawClient.open(server.port(), "/a")) {
                c.send(Frames.client(OpCode.TEXT, "boom"));
                assertEquals(1011, c.readClose().closeCode());
            }
            echo.awaitClosed();
            RawClient.exchange(server.port(), RawClient.request("/a?x").getBytes());
            RawClient.exchange(server.port(), RawClient.request("/none").getBytes());
            RawClient.exchange(server.port(), RawClient.request("/a").replace("13", "7").getBytes());
        } finally {
            server.stop();
        }
        assertEquals(List.of(
                "/a opened true", "/a closed 1000",
                "/a opened true", "/a error boom", "/a closed 1011",
                "rejected /a FORBIDDEN 403", "rejected null NO_HANDLER 404", "rejected null UNSUPPORTED_VERSION 426"),
                events);
        assertTrue(server.rejectedHandshakes() == 3);
        PathStats stats = server.stats().get("/a");
        assertEquals(2, stats.messagesReceived(OpCode.TEXT));
        assertEquals(9, stats.bytesReceived(OpCode.TEXT));
        assertEquals(1, stats.messagesSent(OpCode.TEXT));
        assertEquals(5, stats.bytesSent(OpCode.TEXT));
        assertEquals(1, stats.messagesReceived(OpCode.PING));
        assertEquals(1, stats.messagesSent(OpCode.PONG));
        assertEquals(1, stats.messagesReceived(OpCode.CLOSE));
        assertEquals(2, stats.messagesSent(OpCode.CLOSE));
        assertEquals(2 + 16, stats.bytesSent(OpCode.CLOSE));
        assertEquals(5, stats.largestMessageReceived());
    }
}
