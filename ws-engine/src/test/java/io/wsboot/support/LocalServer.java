package io.wsboot.support;

import io.wsboot.server.WsServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server a test starts on an ephemeral loopback port, stopped after each test (then the
 * optional {@link #afterStop} check runs, so it sees every close callback).
 * Use with {@code @RegisterExtension}.
 */
public final class LocalServer implements AfterEachCallback {
    private WsServer server;
    private Runnable afterStop = () -> { };

    /** A check to run once the server has stopped, e.g. a recorder's {@code assertClean}. */
    public LocalServer afterStop(Runnable check) {
        this.afterStop = check;
        return this;
    }

    /** Starts {@code builder} on 127.0.0.1 and an ephemeral port; returns the port. */
    public int start(WsServer.Builder builder) throws IOException {
        server = builder.port(0).address("127.0.0.1").start();
        return server.port();
    }

    public WsServer get() {
        if (server == null) {
            throw new IllegalStateException("no server started in this test");
        }
        return server;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
            server = null;
        }
        afterStop.run();
    }
}
