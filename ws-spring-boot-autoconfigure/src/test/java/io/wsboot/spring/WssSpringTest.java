package io.wsboot.spring;

import io.wsboot.client.WsClient;
import io.wsboot.spring.app.TestApplication;
import io.wsboot.spring.autoconfigure.WsServerLifecycle;
import io.wsboot.spring.autoconfigure.client.WsClientFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** wss:// configured the Spring way: the server's key from one SSL bundle, the client's trust from another. */
class WssSpringTest {

    @Test
    void serverAndClientUseSslBundles(@TempDir Path dir) throws Exception {
        Path p12 = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        assertThat(new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "1", "-keystore", p12.toString(),
                "-storetype", "PKCS12", "-storepass", "secret").inheritIO().start().waitFor()).isZero();
        assertThat(new ProcessBuilder(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", p12.toString(),
                "-storetype", "PKCS12", "-storepass", "secret", "-file", pem.toString()).inheritIO().start().waitFor()).isZero();
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
                .properties("ws.port=0", "ws.address=127.0.0.1", "ws.ssl.bundle=server", "ws.client.ssl.bundle=trust",
                        "spring.ssl.bundle.jks.server.keystore.location=file:" + p12,
                        "spring.ssl.bundle.jks.server.keystore.password=secret",
                        "spring.ssl.bundle.jks.server.keystore.type=PKCS12",
                        "spring.ssl.bundle.pem.trust.truststore.certificate=file:" + pem)
                .run()) {
            int port = ctx.getBean(WsServerLifecycle.class).getPort();
            WsClient c = ctx.getBean(WsClientFactory.class).connect("wss://localhost:" + port + "/echo");
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            c.readLoopInNewThread(m -> got.add(m.text()));
            c.writeText("through the bundles");
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("through the bundles");
            c.close();
        }
    }
}
