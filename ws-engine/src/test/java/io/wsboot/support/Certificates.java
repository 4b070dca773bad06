package io.wsboot.support;

import java.nio.file.Path;
import java.util.List;

/** Self-signed certificates made at test time with openssl (installed by .ci/run). */
public final class Certificates {
    private Certificates() {
    }

    /** A certificate and its key, PEM. */
    public record Pair(Path cert, Path key) {
    }

    /** A self-signed certificate for {@code subjectAltName} (e.g. "DNS:localhost,IP:127.0.0.1"), valid one day. */
    public static Pair selfSigned(Path dir, String subjectAltName) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Processes.Result r = Processes.run(List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-subj", "/CN=wsboot-test", "-addext", "subjectAltName=" + subjectAltName, "-days", "1"), 30);
        if (r.exit() != 0) {
            throw new AssertionError("openssl failed (apt-get install openssl; .ci/run does):\n" + r.output());
        }
        return new Pair(cert, key);
    }
}
