package io.wsboot.spring.autoconfigure.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code ws.security.*}: Spring Security at the WebSocket handshake. */
@ConfigurationProperties("ws.security")
public class WsSecurityProperties {
    /** Whether Spring Security guards the WebSocket handshakes when it is on the classpath: every path then needs what the WsAuthorizationManager bean says (an authenticated user without one). */
    private boolean enabled = true;

    /** Name of the Spring Session cookie read at the handshake; default: server.servlet.session.cookie.name, else SESSION. */
    private String sessionCookieName;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSessionCookieName() {
        return sessionCookieName;
    }

    public void setSessionCookieName(String sessionCookieName) {
        this.sessionCookieName = sessionCookieName;
    }
}
