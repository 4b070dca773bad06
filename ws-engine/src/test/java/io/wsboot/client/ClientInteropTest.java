package io.wsboot.client;

import io.wsboot.Message;
import io.wsboot.frame.OpCode;
import io.wsboot.support.Certificates;
import io.wsboot.support.Frames;
import io.wsboot.support.PeerServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against independent servers started by the test: python3-websockets and node's ws, plain and TLS. */
class ClientInteropTest {
    @TempDir
    static Path dir;
    static Certificates.Pair cert;

    @BeforeAll
    static void certificate() throws Exception {
        cert = Certificates.selfSigned(dir, "DNS:localhost,IP:127.0.0.1");
    }

    /** The client settings every test starts from: a subclass runs them all on event loops. */
    protected ClientConfig.Builder config() {
        return ClientConfig.builder();
    }

    static PeerServer peer(String name, String... args) throws Exception {
        return name.equals("python") ? PeerServer.python(args) : PeerServer.node(args);
    }

    static WsClient open(int port, String path, ClientConfig config) throws IOException {
        return WsClient.connect("127.0.0.1", port, config).handshake(path, Duration.ofSeconds(5), Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void echoesAtTheSizeEdges(String name) throws Exception {
        try (PeerServer p = peer(name)) {
            WsClient c = open(p.port(), "/echo", config().maxSize(1 << 20).build());
            assertEquals(config().build().eventLoops() != null, c.onEventLoop(), "read by the loops when configured");
            Inbox inbox = new Inbox();
            c.readLoopInNewThread(inbox);
            for (int n : new int[] {0, 125, 126, 65535, 65536, 1 << 20}) {
                String text = Frames.text(n);
                byte[] bin = Frames.random(n, n);
                c.writeText(text);
                c.writeBin(bin);
                assertEquals(text, inbox.nextText(), name + " text " + n);
                assertArrayEquals(bin, inbox.next().bytes(), name + " binary " + n);
            }
            c.close();
            inbox.awaitClosed();
            assertEquals(1000, c.closeCode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void reassemblesFragmentedMessagesFromTheServer(String name) throws Exception {
        try (PeerServer p = peer(name)) {
            WsClient c = open(p.port(), "/fragments", config().build());
            Inbox inbox = new Inbox();
            c.readLoopInNewThread(inbox);
            assertEquals("fragmented €", inbox.nextText());
            Message b = inbox.next();
            assertEquals(OpCode.BINARY, b.type());
            assertArrayEquals(new byte[] {1, 2, 3}, b.bytes());
            c.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void pingsBothWays(String name) throws Exception {
        try (PeerServer p = peer(name)) {
            WsClient c = open(p.port(), "/ping", config().handlePong(true).build());
            Inbox inbox = new Inbox();
            c.readLoopInNewThread(inbox);
            assertEquals("pong:server ping", inbox.nextText(), "the client answered the server's ping");
            c.writePing("client ping".getBytes());
            Message pong = inbox.next();
            assertEquals(OpCode.PONG, pong.type());
            assertEquals("client ping", pong.text());
            c.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void closesBothWays(String name) throws Exception {
        try (PeerServer p = peer(name)) {
            WsClient c = open(p.port(), "/close", config().build());
            Inbox inbox = new Inbox();
            c.readLoopInNewThread(inbox);
            c.writeText("bye?");
            inbox.awaitClosed();
            assertEquals(4001, c.closeCode());
            assertEquals("bye", c.closeReason());

            WsClient d = open(p.port(), "/echo", config().build());
            Inbox di = new Inbox();
            d.readLoopInNewThread(di);
            d.closeWithCode(4321);
            di.awaitClosed();
            assertEquals(4321, d.closeCode());
            assertEquals(1, di.closeCalls.get());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void rejectedHandshakeSurfacesTheStatus(String name) throws Exception {
        try (PeerServer p = peer(name)) {
            WsHandshakeException e = assertThrows(WsHandshakeException.class, () -> open(p.port(), "/reject", config().build()));
            assertEquals(403, e.status());
            assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void overMaxSizeIs1009(String name) throws Exception {
        try (PeerServer p = peer(name)) {
            WsClient c = open(p.port(), "/big", config().maxSize(1024).bufferSize(1024).build());
            Inbox inbox = new Inbox();
            c.readLoopInNewThread(inbox);
            inbox.awaitClosed();
            assertEquals(1009, c.closeCode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void wssRoundTripWithTheTestCertificateTrusted(String name) throws Exception {
        try (PeerServer p = peer(name, "--tls", cert.cert().toString(), cert.key().toString())) {
            ClientConfig trusted = config().trustPem(cert.cert()).build();
            WsClient c = WsClient.connect(URI.create("wss://localhost:" + p.port() + "/echo"), trusted, Map.of());
            assertEquals(config().build().eventLoops() != null, c.onEventLoop(), "read by the loops when configured");
            Inbox inbox = new Inbox();
            c.readLoopInNewThread(inbox);
            c.writeText("over TLS");
            assertEquals("over TLS", inbox.nextText());
            c.close();

            // the JVM's default trust store does not know the certificate: refused
            assertThrows(SSLHandshakeException.class,
                    () -> WsClient.connect(URI.create("wss://localhost:" + p.port() + "/echo"), config().build(), Map.of()));
        }
    }

    @Test
    void hostnameIsVerified() throws Exception {
        Certificates.Pair other = Certificates.selfSigned(java.nio.file.Files.createDirectories(dir.resolve("other")), "DNS:example.org");
        try (PeerServer p = PeerServer.python("--tls", other.cert().toString(), other.key().toString())) {
            ClientConfig trusted = config().trustPem(other.cert()).build();
            assertThrows(SSLHandshakeException.class, () -> WsClient.connect("localhost", p.port(), trusted));
            // trusted, and not checking the name: connects (an explicit opt-out)
            WsClient c = WsClient.connect("localhost", p.port(), trusted.toBuilder().verifyHostname(false).build());
            c.handshake("/echo");
            c.close();
        }
    }

    @Test
    void speaksTls12ToAServerThatNeedsIt() throws Exception {
        try (PeerServer p = PeerServer.python("--tls", cert.cert().toString(), cert.key().toString(), "--tls12")) {
            ClientConfig trusted = config().trustPem(cert.cert()).build();
            WsClient c = WsClient.connect("localhost", p.port(), trusted);
            c.handshake("/echo");
            Inbox inbox = new Inbox();
            c.readLoopInNewThread(inbox);
            c.writeText("TLS 1.2");
            assertEquals("TLS 1.2", inbox.nextText());
            assertEquals("TLSv1.2", c.tlsSession().getProtocol());
            c.close();
            // and only TLS 1.3 offered: no common version
            assertThrows(SSLHandshakeException.class,
                    () -> WsClient.connect("localhost", p.port(), trusted.toBuilder().tlsProtocols("TLSv1.3").build()));
        }
        try (PeerServer p = PeerServer.python("--tls", cert.cert().toString(), cert.key().toString())) {
            WsClient c = WsClient.connect("localhost", p.port(), config().trustPem(cert.cert()).build());
            assertEquals("TLSv1.3", c.tlsSession().getProtocol(), "TLS 1.3 when the server has it");
            c.close();
        }
    }
}
