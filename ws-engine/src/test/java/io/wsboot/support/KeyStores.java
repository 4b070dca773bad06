package io.wsboot.support;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

/** A server key and certificate made at test time with the JDK's keytool, as an SSLContext and a PEM. */
public final class KeyStores {
    private KeyStores() {
    }

    /** A server identity: its TLS context and its certificate (PEM) for clients to trust. */
    public record Identity(SSLContext context, Path certPem, Path keyStore) {
    }

    public static Identity selfSigned(Path dir, String san) throws Exception {
        Path ks = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=wsboot-test", "-ext", "SAN=" + san, "-validity", "1",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "secret"));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", "secret", "-file", pem.toString()));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "secret".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return new Identity(ctx, pem, ks);
    }

    private static void run(List<String> cmd) throws Exception {
        Processes.Result r = Processes.run(cmd, 60);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ":\n" + r.output());
        }
    }
}
