package io.wsboot.client;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** TLS settings for client connections: versions, SNI, hostname verification. */
final class TlsSockets {
    private TlsSockets() {
    }

    /** An engine for a client connection to {@code host:port} (its handshake not started). */
    static SSLEngine engine(String host, int port, ClientConfig config) throws IOException {
        SSLEngine e = context(config).createSSLEngine(host, port);
        e.setUseClientMode(true);
        e.setSSLParameters(parameters(e.getSSLParameters(), e.getSupportedProtocols(), host, config));
        return e;
    }

    private static SSLContext context(ClientConfig config) throws IOException {
        try {
            return config.sslContext() != null ? config.sslContext() : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no default TLS context", e);
        }
    }

    /** Versions (of those this JVM has), hostname verification, SNI. */
    private static SSLParameters parameters(SSLParameters p, String[] supportedProtocols, String host, ClientConfig config)
            throws IOException {
        List<String> supported = Arrays.asList(supportedProtocols);
        String[] protocols = config.tlsProtocols().stream().filter(supported::contains).toArray(String[]::new);
        if (protocols.length == 0) {
            throw new IOException("none of the TLS versions " + config.tlsProtocols() + " is supported by this JVM");
        }
        p.setProtocols(protocols);
        if (config.verifyHostname()) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(host)) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        return p;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
