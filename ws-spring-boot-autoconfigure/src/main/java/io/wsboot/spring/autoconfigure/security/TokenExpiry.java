package io.wsboot.spring.autoconfigure.security;

import io.wsboot.Conn;
import io.wsboot.frame.CloseCodes;
import org.springframework.security.core.Authentication;
import org.springframework.util.ClassUtils;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection with 1008 (policy violation) when the token it authenticated with expires:
 * a connection outliving its credentials would be a session nobody can revoke. One timer thread
 * for the whole server; only connections whose token has an expiry are watched.
 */
final class TokenExpiry implements AutoCloseable {
    private static final boolean OAUTH2 = ClassUtils.isPresent("org.springframework.security.oauth2.core.AbstractOAuth2Token",
            TokenExpiry.class.getClassLoader());

    private final ScheduledThreadPoolExecutor timer;
    private final Clock clock;
    private final Map<Conn, ScheduledFuture<?>> watched = new ConcurrentHashMap<>();

    TokenExpiry(Clock clock) {
        this.clock = clock;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ws-token-expiry");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Starts watching a connection that has just opened. */
    void watch(Conn conn) {
        if (!(conn.principal() instanceof Authentication user)) {
            return;
        }
        Instant expiresAt = expiresAt(user);
        if (expiresAt == null) {
            return;
        }
        long delay = Math.max(0, expiresAt.toEpochMilli() - clock.millis());
        watched.put(conn, timer.schedule(() -> {
            watched.remove(conn);
            conn.close(CloseCodes.POLICY_VIOLATION, "token expired");
        }, delay, TimeUnit.MILLISECONDS));
    }

    /** The connection ended. */
    void forget(Conn conn) {
        ScheduledFuture<?> f = watched.remove(conn);
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Connections watched right now. */
    int size() {
        return watched.size();
    }

    /** When the token behind {@code user} expires (a JWT's exp, an opaque token's), or null. */
    static Instant expiresAt(Authentication user) {
        if (!OAUTH2) {
            return null;
        }
        return OAuth2Expiry.of(user);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Apart, so that nothing of oauth2-core is loaded without it. */
    private static final class OAuth2Expiry {
        static Instant of(Authentication user) {
            if (user.getCredentials() instanceof org.springframework.security.oauth2.core.AbstractOAuth2Token t) {
                return t.getExpiresAt();
            }
            if (user.getPrincipal() instanceof org.springframework.security.oauth2.core.AbstractOAuth2Token t) {
                return t.getExpiresAt();
            }
            return null;
        }
    }
}
