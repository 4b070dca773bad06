package io.wsboot.spring.autoconfigure.observation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ws.observations.*}: what the server observes beyond handshakes and connections. Those
 * are on with an {@code ObservationRegistry}; {@code management.observations.enable.ws.server=false}
 * turns all of them off (Boot also checks an observation's parents, so turning off
 * {@code ws.server.handshake} turns off the connections beneath it).
 */
@ConfigurationProperties("ws.observations")
public class WsObservationProperties {
    /** An observation (a timer, and a span with a tracer) per message handled: off, since it costs per message. */
    private boolean messages;

    public boolean isMessages() {
        return messages;
    }

    public void setMessages(boolean messages) {
        this.messages = messages;
    }
}
