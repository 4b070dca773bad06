package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.frame.OpCode;
import io.wsboot.support.LocalServer;
import io.wsboot.support.Frames;
import io.wsboot.support.JdkClient;
import io.wsboot.support.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Interoperability with an independent client: the JDK's java.net.http.WebSocket. */
class JdkClientInteropTest {
    private final Recorder echo = new Recorder();

    @RegisterExtension
    final LocalServer server = new LocalServer().afterStop(echo::assertClean);

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536, 1 << 20})
    void echoesTextAndBinaryAtTheSizeEdges(int size) throws Exception {
        int port = server.start(WsServer.builder().maxSize(1 << 20).handler("/echo", echo));
        JdkClient c = JdkClient.connect(port, "/echo");
        String text = Frames.text(size);
        byte[] bin = Frames.random(size, size);
        c.ws.sendText(text, true).join();
        c.ws.sendBinary(ByteBuffer.wrap(bin), true).join();
        JdkClient.Received t = c.next();
        assertEquals("text", t.kind());
        assertEquals(text, t.text());
        JdkClient.Received b = c.next();
        assertEquals("binary", b.kind());
        assertArrayEquals(bin, b.data());
        c.ws.sendClose(1000, "done").join();
        assertEquals(1000, c.awaitClose().code());
        assertEquals(1000, echo.awaitClosed().closeCode());
    }

    @Test
    void reassemblesFragmentedMessages() throws Exception {
        int port = server.start(WsServer.builder().handler("/echo", echo));
        JdkClient c = JdkClient.connect(port, "/echo");
        c.ws.sendText("frag", false).join();
        c.ws.sendText("men", false).join();
        c.ws.sendText("ted €", true).join();
        c.ws.sendBinary(ByteBuffer.wrap(new byte[] {1}), false).join();
        c.ws.sendBinary(ByteBuffer.wrap(new byte[] {2, 3}), true).join();
        assertEquals("fragmented €", c.next().text());
        assertArrayEquals(new byte[] {1, 2, 3}, c.next().data());
        assertEquals("handle TEXT 14", findHandle());
    }

    private String findHandle() throws InterruptedException {
        String e;
        do {
            e = echo.next();
        } while (!e.startsWith("handle"));
        return e;
    }

    @Test
    void pingsBothWays() throws Exception {
        Recorder pinger = new Recorder() {
            @Override
            protected void onOpen(Conn conn) {
                conn.writeFrame(OpCode.PING, "from server".getBytes());
            }

            @Override
            protected void onMessage(Conn conn, Message message) {
                conn.write("got " + message.type() + " " + message.text());
            }
        };
        int port = server.start(WsServer.builder().handlePong(true).handler("/p", pinger));
        JdkClient c = JdkClient.connect(port, "/p");
        JdkClient.Received ping = c.next();
        assertEquals("ping", ping.kind());
        assertEquals("from server", ping.text());
        assertEquals("got PONG from server", c.next().text(), "the JDK answered our ping");
        c.ws.sendPing(ByteBuffer.wrap("from client".getBytes())).join();
        JdkClient.Received pong = c.next();
        assertEquals("pong", pong.kind());
        assertEquals("from client", pong.text());
    }

    @Test
    void clientCloseIsAnsweredAndServerCloseReachesTheClient() throws Exception {
        Recorder closer = new Recorder() {
            @Override
            protected void onMessage(Conn conn, Message message) {
                conn.close(4000, "closing: " + message.text());
            }
        };
        int port = server.start(WsServer.builder().handler("/echo", echo).handler("/closer", closer));
        JdkClient a = JdkClient.connect(port, "/echo");
        a.ws.sendClose(1001, "going").join();
        JdkClient.Received ca = a.awaitClose();
        assertEquals(1001, ca.code());
        assertEquals(1001, echo.awaitClosed().closeCode());

        JdkClient b = JdkClient.connect(port, "/closer");
        b.ws.sendText("now", true).join();
        JdkClient.Received cb = b.awaitClose();
        assertEquals(4000, cb.code());
        assertEquals("closing: now", cb.reason());
        // the JDK client answers the close by itself once onClose returns
        assertEquals(4000, closer.awaitClosed().closeCode());
        closer.assertClean();
    }

    @Test
    void rejectionInInitReachesTheClientWithItsStatus() throws Exception {
        Recorder gate = new Recorder() {
            @Override
            protected void onInit(Handshake handshake, Conn conn) {
                throw new HandshakeRejection(403, "forbidden");
            }
        };
        int port = server.start(WsServer.builder().handler("/gate", gate));
        CompletionException e = assertThrows(CompletionException.class, () -> JdkClient.connect(port, "/gate"));
        WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(403, h.getResponse().statusCode());
        assertEquals(0, server.get().openSessionCount());
    }

    @Test
    void messageOverMaxSizeClosesWith1009() throws Exception {
        int port = server.start(WsServer.builder().maxSize(1024).bufferSize(1024).handler("/echo", echo));
        JdkClient c = JdkClient.connect(port, "/echo");
        c.ws.sendBinary(ByteBuffer.wrap(new byte[1024]), true).join();
        assertEquals(1024, c.next().data().length);
        c.ws.sendBinary(ByteBuffer.wrap(new byte[1025]), true).join();
        assertEquals(1009, c.awaitClose().code());
        assertEquals(1009, echo.awaitClosed().closeCode());
    }

    @Test
    void negotiatesASubprotocol() throws Exception {
        Recorder chooser = new Recorder() {
            @Override
            protected void onInit(Handshake handshake, Conn conn) {
                if (handshake.subprotocols().contains("v2.chat")) {
                    handshake.selectSubprotocol("v2.chat");
                }
            }
        };
        int port = server.start(WsServer.builder().handler("/chat", chooser));
        JdkClient c = JdkClient.connect(port, "/chat", "v3.chat", "v2.chat");
        assertEquals("v2.chat", c.ws.getSubprotocol());
        assertEquals("v2.chat", chooser.awaitOpened().subprotocol());
    }

    @Test
    void stopSends1001ToEveryConnectionAndReleasesThePort() throws Exception {
        int port = server.start(WsServer.builder().handler("/echo", echo));
        JdkClient a = JdkClient.connect(port, "/echo");
        JdkClient b = JdkClient.connect(port, "/echo");
        a.ws.sendText("x", true).join();
        assertEquals("x", a.next().text());
        server.get().stop();
        assertEquals(1001, a.awaitClose().code());
        assertEquals(1001, b.awaitClose().code());
        assertEquals(1001, echo.closed.poll().closeCode());
        assertEquals(1001, echo.closed.poll().closeCode());
        assertEquals(0, server.get().openSessionCount());
        assertEquals(0, server.get().connectionCount());
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port)); // the port is free again
        }
        server.get().stop(); // idempotent
    }
}
