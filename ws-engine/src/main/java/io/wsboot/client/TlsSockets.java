package io.wsboot.client;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/** Turns a connected socket into a TLS one: versions, SNI, hostname verification, handshake timeout. */
final class TlsSockets {
    private TlsSockets() {
    }

    static SSLSocket wrap(Socket plain, String host, int port, ClientConfig config) throws IOException {
        SSLContext ctx;
        try {
            ctx = config.sslContext() != null ? config.sslContext() : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no default TLS context", e);
        }
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        List<String> supported = Arrays.asList(s.getSupportedProtocols());
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
        s.setSSLParameters(p);
        s.setSoTimeout((int) Math.max(1, config.connectTimeout().toMillis()));
        s.startHandshake();
        s.setSoTimeout(0);
        return s;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
