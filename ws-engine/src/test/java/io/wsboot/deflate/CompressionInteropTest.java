package io.wsboot.deflate;

import io.wsboot.CompressionConfig;
import io.wsboot.Message;
import io.wsboot.client.ClientConfig;
import io.wsboot.client.WsClient;
import io.wsboot.frame.OpCode;
import io.wsboot.server.WsServer;
import io.wsboot.support.Frames;
import io.wsboot.support.PeerServer;
import io.wsboot.support.Processes;
import io.wsboot.support.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** permessage-deflate with independent peers that compress: python3-websockets and node ws, both roles. */
class CompressionInteropTest {

    static WsServer echoServer(CompressionConfig compression) throws Exception {
        return WsServer.builder().port(0).address("127.0.0.1").maxSize(8 << 20).compression(compression)
                .handler("/echo", (conn, m) -> conn.writeFrame(m.type(), m.data())).start();
    }

    static String text() {
        return CompressedFramingTest.json(300_000, 5);
    }

    @Test
    void nodeClientWithSmallWindowsAgainstOurServer() throws Exception {
        // the node client asks for 10-bit windows both ways; our server must honour its own
        WsServer server = echoServer(new CompressionConfig(true, 6, 0, true, true, 15, 15));
        try {
            Path dir = Path.of("src/test/node").toAbsolutePath();
            Processes.Result r = Processes.run(List.of("node", dir.resolve("ws_client.js").toString(),
                    "ws://127.0.0.1:" + server.port() + "/echo"), 60);
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("PASS compressed text echo") && r.output().contains("DONE"), r.output());
            assertEquals(2, server.stats().get("/echo").messagesReceived(OpCode.TEXT) + server.stats().get("/echo").messagesReceived(OpCode.BINARY));
        } finally {
            server.stop(Duration.ofSeconds(2));
        }
    }

    private static void echoCompressed(WsClient c) throws Exception {
        assertTrue(c.compressed(), "permessage-deflate agreed");
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        c.readLoopInNewThread(m -> got.add(m.copy()));
        String t = text();
        byte[] b = (t + t).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            c.writeText(t);
            c.writeBin(b);
            c.writeText("short");
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(t, got.poll(10, TimeUnit.SECONDS).text());
            assertArrayEquals(b, got.poll(10, TimeUnit.SECONDS).bytes());
            assertEquals("short", got.poll(10, TimeUnit.SECONDS).text());
        }
        c.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void ourClientCompressesAgainstIndependentServersWithSmallWindows(String name) throws Exception {
        try (PeerServer p = name.equals("python") ? PeerServer.python("--window", "10") : PeerServer.node("--deflate", "10")) {
            WsClient c = WsClient.connect("127.0.0.1", p.port(), ClientConfig.builder().maxSize(8 << 20).compression(true).build())
                    .handshake("/echo");
            echoCompressed(c);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void ourClientOnEventLoopsCompressesAgainstIndependentServers(String name) throws Exception {
        try (io.wsboot.client.ClientEventLoops loops = io.wsboot.client.ClientEventLoops.create(1);
             PeerServer p = name.equals("python") ? PeerServer.python() : PeerServer.node("--deflate", "15")) {
            WsClient c = WsClient.connect("127.0.0.1", p.port(),
                    ClientConfig.builder().maxSize(8 << 20).compression(true).eventLoops(loops).build()).handshake("/echo");
            assertTrue(c.onEventLoop());
            echoCompressed(c);
        }
    }

    @Test
    void ourClientAgainstPythonDefaults() throws Exception {
        try (PeerServer p = PeerServer.python()) {
            echoCompressed(WsClient.connect("127.0.0.1", p.port(), ClientConfig.builder().maxSize(8 << 20).compression(true).build())
                    .handshake("/echo"));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void ourClientAndServerWithContextTakeoverOnAndOff(boolean takeover) throws Exception {
        CompressionConfig cc = new CompressionConfig(true, 6, 0, takeover, takeover, 15, 15);
        WsServer server = echoServer(cc);
        try {
            echoCompressed(WsClient.connect("127.0.0.1", server.port(), ClientConfig.builder().maxSize(8 << 20).compression(cc).build())
                    .handshake("/echo"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, server.zlibBorrowed(), "every pooled deflater and inflater went back");
        } finally {
            server.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void preFramedBroadcastsAreCompressedOnceAndDecodeEverywhere() throws Exception {
        io.wsboot.PreFramed news = io.wsboot.PreFramed.text(text());
        WsServer server = WsServer.builder().port(0).address("127.0.0.1").maxSize(8 << 20)
                .handler("/news", (conn, m) -> conn.writeFramed(news)).start();
        try {
            for (boolean compress : new boolean[] {true, false}) {
                WsClient c = WsClient.connect("127.0.0.1", server.port(), ClientConfig.builder().maxSize(8 << 20)
                        .compression(compress).build()).handshake("/news");
                assertEquals(compress, c.compressed());
                BlockingQueue<Message> got = new LinkedBlockingQueue<>();
                c.readLoopInNewThread(m -> got.add(m.copy()));
                c.writeText("go");
                c.writeText("again");
                assertEquals(text(), got.poll(10, TimeUnit.SECONDS).text());
                assertEquals(text(), got.poll(10, TimeUnit.SECONDS).text());
                c.close();
            }
            assertTrue(news.compressed(6) != null && news.compressed(6).size() < news.size() / 3, "compressed copy made once and kept");
        } finally {
            server.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void compressionOffMeansNoExtensionAndUncompressedFrames() throws Exception {
        WsServer server = echoServer(CompressionConfig.disabled());
        try (RawClient c = RawClient.connect(server.port())) {
            c.send(RawClient.request("/echo", "Sec-WebSocket-Extensions: permessage-deflate").getBytes(StandardCharsets.ISO_8859_1));
            RawClient.HttpAnswer a = c.readHead();
            assertEquals(101, a.status());
            assertTrue(!a.head().toLowerCase().contains("sec-websocket-extensions"), a.head());
        } finally {
            server.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void decompressionBombOverTheSocketIsClosedWith1009() throws Exception {
        WsServer server = WsServer.builder().port(0).address("127.0.0.1").maxSize(64 * 1024)
                .handler("/echo", (conn, m) -> conn.writeFrame(m.type(), m.data())).start();
        try (RawClient c = RawClient.connect(server.port())) {
            c.send(RawClient.request("/echo", "Sec-WebSocket-Extensions: permessage-deflate").getBytes(StandardCharsets.ISO_8859_1));
            RawClient.HttpAnswer a = c.readHead();
            assertTrue(a.head().contains("permessage-deflate"), a.head());
            ZlibPool pool = new ZlibPool(9, 1);
            ByteBuffer z = new MessageDeflater(pool, false, 15, 9).compress(ByteBuffer.wrap(new byte[20 << 20]), ByteBuffer.allocate(1024));
            byte[] payload = Arrays.copyOf(z.array(), z.limit());
            long t0 = System.nanoTime();
            c.send(Frames.raw(true, 4, OpCode.BINARY.code(), payload, true, payload.length));
            RawClient.Frame close = c.readClose();
            assertEquals(1009, close.closeCode(), close.closeReason());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000);
        } finally {
            server.stop(Duration.ofSeconds(2));
        }
        assertEquals(0, server.connectionCount());
    }
}
