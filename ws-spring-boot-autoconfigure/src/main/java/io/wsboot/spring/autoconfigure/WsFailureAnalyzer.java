package io.wsboot.spring.autoconfigure;

import io.wsboot.ServerConfig.InvalidConfigException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns the starter's start-up failures into Spring Boot's "APPLICATION FAILED TO START"
 * report: what is wrong, naming the {@code ws.*} property or the bean, and what to do.
 */
class WsFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigException e) {
                String property = "ws." + e.setting();
                return new FailureAnalysis(
                        "Invalid WebSocket configuration: " + property + " is " + e.value() + ", but it "
                                + e.rule().replaceAll("(?<![\\w.-])((?:client\\.)?(?:buffer-size|max-size|handshake-max-size))\\b", "ws.$1") + ".",
                        "Update " + property + " in your application's configuration (application.yml or application.properties).",
                        e);
            }
            if (t instanceof WsHandlerDefinitionException e) {
                return new FailureAnalysis(e.getMessage() + ".", e.action(), e);
            }
            if (t instanceof WsPortInUseException e) {
                return new FailureAnalysis("WebSocket server failed to start: port " + e.port() + " (ws.port) is already in use.",
                        "Stop the process listening on port " + e.port() + ", or set ws.port to another port (0 picks a free one).", e);
            }
        }
        return null;
    }
}
