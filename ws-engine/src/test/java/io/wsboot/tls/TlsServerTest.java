package io.wsboot.tls;

import io.wsboot.Message;
import io.wsboot.client.ClientConfig;
import io.wsboot.client.WsClient;
import io.wsboot.server.WsServer;
import io.wsboot.support.Frames;
import io.wsboot.support.KeyStores;
import io.wsboot.support.Processes;
import io.wsboot.support.RawClient;
import io.wsboot.support.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import io.wsboot.client.ClientEventLoops;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wss:// on the server: this project's client and python3-websockets, TLS 1.3 and 1.2, timeouts. */
class TlsServerTest {
    @TempDir
    static Path dir;
    static KeyStores.Identity identity;
    private WsServer server;
    private final Recorder echo = new Recorder();

    @BeforeAll
    static void certificate() throws Exception {
        identity = KeyStores.selfSigned(dir, "dns:localhost,ip:127.0.0.1");
    }

    private int start(WsServer.Builder b) throws Exception {
        server = b.port(0).address("127.0.0.1").ssl(identity.context()).start();
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    private static Message next(BlockingQueue<Message> q) throws InterruptedException {
        Message m = q.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("nothing received");
        }
        return m;
    }

    @Test
    void ourClientOverTls13And12() throws Exception {
        int port = start(WsServer.builder().maxSize(1 << 20).handler("/echo", echo));
        for (String version : new String[] {"TLSv1.3", "TLSv1.2"}) {
            ClientConfig cfg = ClientConfig.builder().maxSize(1 << 20).trustPem(identity.certPem()).tlsProtocols(version)
                    .compression(true).build();
            WsClient c = WsClient.connect(URI.create("wss://localhost:" + port + "/echo"), cfg, Map.of());
            assertEquals(version, c.tlsSession().getProtocol());
            BlockingQueue<Message> got = new LinkedBlockingQueue<>();
            c.readLoopInNewThread(m -> got.add(m.copy()));
            byte[] big = Frames.random(300_000, 1); // many TLS records each way
            String text = java.util.Base64.getEncoder().encodeToString(Frames.random(105_000, 2)); // compresses, but not past max-inflate-ratio
            c.writeBin(big);
            c.writeText(text);
            c.writeText("small");
            assertArrayEquals(big, next(got).bytes(), version);
            assertEquals(text, next(got).text());
            assertEquals("small", next(got).text());
            c.close();
            assertEquals(1000, echo.awaitClosed().closeCode());
        }
        echo.assertClean();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // closing connections linger until the peer's FIN
        }
        assertEquals(0, server.buffersBorrowed().get("chunks"), "TLS buffers given back");
    }

    @Test
    void aBurstOverTlsIsAllServedWhileReadingPausesAndResumes() throws Exception {
        // handlers on an executor, held back until the whole burst is sent: the connection stops
        // reading once 256 messages wait and resumes at half. TLS records read before the pause
        // wait in the transport, where the selector never reports them: resuming must serve them.
        // Burst sizes around the pause point put the burst's end in the transport in some round.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> gate = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            int port = start(WsServer.builder().handlerExecutor(pool).handler("/gated", (conn, m) -> {
                gate.get().await(10, TimeUnit.SECONDS);
                conn.writeFrame(m.type(), m.data());
            }));
            ClientConfig cfg = ClientConfig.builder().trustPem(identity.certPem()).build();
            String payload = "x".repeat(1000);
            for (int count = 250; count <= 340; count += 10) {
                gate.set(new java.util.concurrent.CountDownLatch(1));
                WsClient c = WsClient.connect(URI.create("wss://localhost:" + port + "/gated"), cfg, Map.of());
                java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(count);
                c.readLoopInNewThread(m -> all.countDown());
                for (int i = 0; i < count; i++) {
                    c.writeText(payload);
                }
                Thread.sleep(30); // the server reads what it can, then pauses
                gate.get().countDown();
                assertTrue(all.await(10, TimeUnit.SECONDS), count + " messages: all echoed; missing " + all.getCount());
                c.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pythonWebsocketsClientOverTls() throws Exception {
        Processes.requirePythonWebsockets();
        int port = start(WsServer.builder().handler("/echo", echo));
        Path script = dir.resolve("tls_client.py");
        Files.writeString(script, """
                import asyncio, os, ssl, sys, websockets
                async def main():
                    ctx = ssl.create_default_context(cafile=sys.argv[2])
                    async with websockets.connect("wss://localhost:%s/echo" % sys.argv[1], ssl=ctx) as ws:
                        await ws.send("hello over tls")
                        assert await ws.recv() == "hello over tls"
                        data = os.urandom(60000)
                        await ws.send(data)
                        assert await ws.recv() == data
                        print("OK", ws.transport.get_extra_info("ssl_object").version())
                asyncio.run(main())
                """);
        Processes.Result r = Processes.run(List.of(Processes.python(), script.toString(), Integer.toString(port),
                identity.certPem().toString()), 60);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("OK TLSv1.3"), r.output());
        echo.assertClean();
    }

    @Test
    void untrustedClientsAndPlainClientsAreRefused() throws Exception {
        int port = start(WsServer.builder().handler("/echo", echo));
        assertThrows(SSLHandshakeException.class,
                () -> WsClient.connect(URI.create("wss://localhost:" + port + "/echo"), ClientConfig.defaults(), Map.of()));
        // plain HTTP to the TLS port: the server drops it
        try (RawClient c = RawClient.connect(port)) {
            c.send(RawClient.request("/echo").getBytes());
            assertTrue(c.isClosedByServer());
        }
        assertEquals(0, echo.byConn.size());
    }

    @Test
    void theHandshakeTimeoutCoversTheTlsHandshake() throws Exception {
        int port = start(WsServer.builder().handshakeTimeout(Duration.ofMillis(500)).handler("/echo", echo));
        try (Socket silent = new Socket("127.0.0.1", port)) {
            silent.setSoTimeout(5000);
            long t0 = System.nanoTime();
            assertEquals(-1, silent.getInputStream().read(), "closed without a TLS handshake");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 300 && ms < 4000, ms + " ms");
        }
        // TLS done, then silence: the WebSocket handshake times out (408 over TLS)
        ClientConfig cfg = ClientConfig.builder().trustPem(identity.certPem()).build();
        WsClient c = WsClient.connect("localhost", port, cfg);
        Thread.sleep(1000);
        assertThrows(Exception.class, () -> c.handshake("/echo"));
        assertEquals(0, server.handshakeCount());
    }

    /** A raw TLS socket that trusts the test certificate (the identity's context holds it as its key). */
    private static SSLSocket rawTls(int port) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(identity.certPem())) {
            trust.setCertificateEntry("test", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(5000);
        return s;
    }

    /** Over TLS a rebound name fails the browser's certificate check, so same host holds for any name. */
    @Test
    void overTlsSameHostHoldsForAnyName() throws Exception {
        int port = start(WsServer.builder().handler("/echo", echo));
        try (SSLSocket s = rawTls(port)) {
            String req = RawClient.request("/echo", "Origin: https://chat.example.com").replace("Host: 127.0.0.1", "Host: chat.example.com");
            s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            byte[] head = new byte[12];
            assertEquals(12, s.getInputStream().readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 101", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    /** Each TLS 1.2 renegotiation is a full handshake on the loop at the client's will: refused, the connection dropped. */
    @Test
    void tls12RenegotiationIsRefused() throws Exception {
        int port = start(WsServer.builder().handler("/echo", echo));
        try (SSLSocket s = rawTls(port)) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            s.getOutputStream().write(RawClient.request("/echo").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            byte[] head = new byte[12];
            assertEquals(12, s.getInputStream().readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 101", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
            boolean dropped;
            try {
                s.startHandshake(); // a renegotiation: the first handshake is done
                s.getOutputStream().write(Frames.client(io.wsboot.frame.OpCode.TEXT, "after"));
                s.getOutputStream().flush();
                byte[] rest = new byte[4096];
                int n;
                do {
                    n = s.getInputStream().read(rest);
                } while (n > 0 && !new String(rest, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains("after"));
                dropped = n < 0;
            } catch (java.io.IOException e) {
                dropped = true;
            }
            assertTrue(dropped, "the connection ends instead of renegotiating");
        }
        echo.awaitClosed();
        // others are served as before
        ClientConfig cfg = ClientConfig.builder().trustPem(identity.certPem()).tlsProtocols("TLSv1.2").build();
        WsClient c = WsClient.connect(URI.create("wss://localhost:" + port + "/echo"), cfg, Map.of());
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        c.readLoopInNewThread(m -> got.add(m.copy()));
        c.writeText("still here");
        assertEquals("still here", next(got).text());
        c.close();
    }

    /** TLS 1.3 has no renegotiation: a key update (what startHandshake sends there) is answered, the connection goes on. */
    @Test
    void tls13KeyUpdatesAreFine() throws Exception {
        int port = start(WsServer.builder().handler("/echo", echo));
        try (SSLSocket s = rawTls(port)) {
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
            s.getOutputStream().write(RawClient.request("/echo").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            byte[] head = new byte[12];
            assertEquals(12, s.getInputStream().readNBytes(head, 0, 12));
            s.startHandshake();
            s.getOutputStream().write(Frames.client(io.wsboot.frame.OpCode.TEXT, "after a key update"));
            s.getOutputStream().flush();
            String seen = "";
            byte[] rest = new byte[4096];
            while (!seen.contains("after a key update")) {
                int n = s.getInputStream().read(rest);
                assertTrue(n > 0, "still open: " + seen);
                seen += new String(rest, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** The TLS handshake trickled one byte every 20 ms (its records would take tens of seconds): connect-timeout is a deadline. */
    @ParameterizedTest(name = "on event loops: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aTricklingServerCannotStretchTheTlsConnect(boolean loops) throws Exception {
        int port = start(WsServer.builder().handler("/echo", echo));
        ClientEventLoops l = loops ? ClientEventLoops.create(1) : null;
        try (io.wsboot.support.TrickleProxy slow = new io.wsboot.support.TrickleProxy(port, Duration.ofMillis(20))) {
            ClientConfig.Builder b = ClientConfig.builder().trustPem(identity.certPem()).connectTimeout(Duration.ofSeconds(1))
                    .handshakeTimeout(Duration.ofSeconds(1));
            if (l != null) {
                b.eventLoops(l);
            }
            ClientConfig cfg = b.build();
            long t0 = System.nanoTime();
            assertThrows(java.net.SocketTimeoutException.class,
                    () -> WsClient.connect(URI.create("wss://localhost:" + slow.port() + "/echo"), cfg, Map.of()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 900 && ms < 2500, ms + " ms with a 1 s connect timeout");
        } finally {
            if (l != null) {
                l.close();
            }
        }
    }

}
