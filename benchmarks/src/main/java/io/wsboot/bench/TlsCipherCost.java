package io.wsboot.bench;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/**
 * What the JDK's TLS costs with no socket and no WebSocket: a client and a server {@code SSLEngine}
 * in memory, one message each way per round trip, so half a round trip is the server's share of an
 * echo (one unwrap, one wrap): the floor under what {@code benchmarks/tls-cost.sh} measures.
 * Buffers all on the heap, all direct, or records direct with heap plaintext.
 *
 * <pre>
 * java -cp wsboot-bench.jar io.wsboot.bench.TlsCipherCost KEYSTORE.p12 PASSWORD SIZE [CIPHER_SUITE]
 * </pre>
 */
public final class TlsCipherCost {
    private static final int WARMUP = 100_000;
    private static final int MEASURED = 300_000;

    private TlsCipherCost() {
    }

    public static void main(String[] args) throws Exception {
        char[] password = args[1].toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            ks.load(in, password);
        }
        int size = Integer.parseInt(args[2]);
        String suite = args.length > 3 ? args[3] : "TLS_AES_256_GCM_SHA384";
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        for (int round = 0; round < 2; round++) { // the second round is the one to read: the JIT has settled
            for (String mode : new String[] {"heap", "direct", "direct records, heap plaintext"}) {
                System.out.printf("%s, %d-byte messages, %s: %.2f us per message for the server%n",
                        suite, size, mode, serverMicros(ctx, suite, size, mode));
            }
        }
    }

    private static double serverMicros(SSLContext ctx, String suite, int size, String mode) throws Exception {
        boolean appDirect = mode.equals("direct");
        boolean netDirect = !mode.equals("heap");
        SSLEngine client = ctx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite});
        SSLEngine server = ctx.createSSLEngine();
        server.setUseClientMode(false);
        int packet = server.getSession().getPacketBufferSize();
        ByteBuffer toServer = alloc(packet * 4, netDirect);
        ByteBuffer toClient = alloc(packet * 4, netDirect);
        ByteBuffer clientApp = alloc(1 << 16, appDirect);
        ByteBuffer serverApp = alloc(1 << 16, appDirect);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 1000 && !(step(client, toServer, toClient, clientApp) & step(server, toClient, toServer, serverApp)); i++) {
            // both engines step until neither is handshaking
        }
        ByteBuffer message = alloc(size, appDirect);
        long start = 0;
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            if (i == WARMUP) {
                start = System.nanoTime();
            }
            message.clear();
            client.wrap(message, toServer);
            serverApp.clear();
            drain(server, toServer, serverApp); // the server decrypts
            serverApp.flip();
            server.wrap(serverApp, toClient); // and encrypts the answer
            clientApp.clear();
            drain(client, toClient, clientApp);
        }
        return (System.nanoTime() - start) / 1e3 / MEASURED / 2; // the server's half of each round trip
    }

    /** Unwraps every record in {@code net} (fill mode) into {@code app}. */
    private static void drain(SSLEngine e, ByteBuffer net, ByteBuffer app) throws Exception {
        net.flip();
        while (net.hasRemaining()) {
            e.unwrap(net, app);
        }
        net.compact();
    }

    /** One handshake step of {@code e}, writing to {@code out} and reading {@code in}; true once it is done. */
    private static boolean step(SSLEngine e, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws Exception {
        HandshakeStatus hs = e.getHandshakeStatus();
        switch (hs) {
            case NEED_WRAP -> e.wrap(ByteBuffer.allocate(0), out);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                e.unwrap(in, app);
                in.compact();
                app.clear();
            }
            case NEED_TASK -> {
                Runnable task;
                while ((task = e.getDelegatedTask()) != null) {
                    task.run();
                }
            }
            default -> {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer alloc(int n, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
    }
}
