package io.wsboot.spring.autoconfigure.security;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.Message;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * A handler behind Spring Security: its {@code init} runs only for a handshake that authenticated
 * and is authorized on the path ({@link HandshakeGuard}), and every call runs with the
 * connection's {@link SecurityContext} set on the calling thread (the loop's or the executor's),
 * so that method security in what the handler calls sees the user. A connection whose token
 * expires is closed ({@link TokenExpiry}).
 */
final class SecuredHandler implements Handler {
    /** A call on the handler, inside the security context. */
    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private final Handler delegate;
    private final HandshakeGuard guard;
    private final SecurityContextHolderStrategy contexts;
    private final TokenExpiry expiry;

    SecuredHandler(Handler delegate, HandshakeGuard guard, SecurityContextHolderStrategy contexts, TokenExpiry expiry) {
        this.delegate = delegate;
        this.guard = guard;
        this.contexts = contexts;
        this.expiry = expiry;
    }

    @Override
    public void init(Handshake handshake, Conn conn) throws Exception {
        Authentication user = guard.admit(handshake);
        within(user, () -> delegate.init(handshake, conn));
    }

    @Override
    public void afterInit(Conn conn) throws Exception {
        expiry.watch(conn);
        within(conn, () -> delegate.afterInit(conn));
    }

    @Override
    public void handle(Conn conn, Message message) throws Exception {
        within(conn, () -> delegate.handle(conn, message));
    }

    @Override
    public void drained(Conn conn) throws Exception {
        within(conn, () -> delegate.drained(conn));
    }

    @Override
    public void close(Conn conn) {
        expiry.forget(conn);
        try {
            within(conn, () -> delegate.close(conn));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // close declares none
        }
    }

    private void within(Conn conn, Call call) throws Exception {
        within(conn.principal() instanceof Authentication a ? a : guard.anonymous(), call);
    }

    private void within(Authentication user, Call call) throws Exception {
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(user);
        contexts.setContext(context);
        try {
            call.run();
        } finally {
            contexts.clearContext();
        }
    }

    @Override
    public String toString() {
        return "secured(" + delegate + ")";
    }
}
