package io.wsboot.spring.autoconfigure;

import io.wsboot.server.WsServer;
import io.wsboot.spring.LocalWsPort;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the WebSocket server with the application context: started when the context is refreshed,
 * stopped (gracefully) when it closes. Its phase puts it after the web server on start-up and
 * before the web server's graceful shutdown on the way down, so the WebSocket port is drained
 * first: new handshakes are refused, every connection gets close 1001 and its {@code close}
 * callback, within the shutdown phase timeout; what is left then is closed at once.
 */
public class WsServerLifecycle implements SmartLifecycle {
    /** Web server graceful shutdown runs at DEFAULT_PHASE - 1024; higher phases stop first. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;
    private static final System.Logger LOG = System.getLogger(WsServerLifecycle.class.getName());
    private static final String PORTS_PROPERTY_SOURCE = "ws.ports";

    private final WsServer.Builder builder;
    private final Duration stopGrace;
    private final Environment environment;
    private volatile WsServer server;

    /**
     * @param builder   the configured engine builder; validated here, so bad settings fail at
     *                  bean creation with a message naming the property
     * @param stopGrace how long stopping may wait for connections to finish their close handshake
     */
    public WsServerLifecycle(WsServer.Builder builder, Duration stopGrace, Environment environment) {
        builder.buildConfig();
        this.builder = builder;
        this.stopGrace = stopGrace;
        this.environment = environment;
    }

    @Override
    public void start() {
        if (server != null) {
            return;
        }
        int configured = builder.buildConfig().port();
        try {
            server = builder.start();
        } catch (BindException e) {
            throw new WsPortInUseException(configured, e);
        } catch (IOException e) {
            throw new IllegalStateException("WebSocket server could not start on port " + configured + ": " + e.getMessage(), e);
        }
        publishPort(server.port());
        LOG.log(System.Logger.Level.INFO, "wsboot server listening on port " + server.port() + " for "
                + builder.handlers().keySet());
    }

    private void publishPort(int port) {
        if (environment instanceof ConfigurableEnvironment env) {
            PropertySource<?> existing = env.getPropertySources().get(PORTS_PROPERTY_SOURCE);
            Map<String, Object> ports = new HashMap<>();
            if (existing instanceof MapPropertySource m) {
                ports.putAll(m.getSource());
            }
            ports.put(LocalWsPort.PROPERTY, port);
            env.getPropertySources().addFirst(new MapPropertySource(PORTS_PROPERTY_SOURCE, ports));
        }
    }

    @Override
    public void stop(Runnable callback) {
        WsServer s = server;
        if (s == null) {
            callback.run();
            return;
        }
        // the callback runs whatever happens: a shutdown must complete even if a loop cannot answer
        s.stopAsync(stopGrace).orTimeout(stopGrace.toMillis() + 10_000, java.util.concurrent.TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
            if (e != null) {
                LOG.log(System.Logger.Level.WARNING, "WebSocket server did not stop within " + stopGrace + " and 10 s more; going on", e);
            }
            server = null;
            callback.run();
        });
    }

    @Override
    public void stop() {
        WsServer s = server;
        if (s != null) {
            s.stop(stopGrace);
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        WsServer s = server;
        return s != null && s.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The running server, or null when stopped. */
    public WsServer getServer() {
        return server;
    }

    /** The port listened on, or -1 when not running. */
    public int getPort() {
        WsServer s = server;
        return s == null ? -1 : s.port();
    }

    /** The engine settings the server runs (or will run) with. */
    public io.wsboot.ServerConfig getConfig() {
        return builder.buildConfig();
    }

    /** How long stopping waits for connections to finish their close handshake. */
    public Duration getStopGrace() {
        return stopGrace;
    }

    /** The paths served. */
    public java.util.Set<String> getPaths() {
        return builder.handlers().keySet();
    }
}
