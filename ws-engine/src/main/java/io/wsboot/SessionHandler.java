package io.wsboot;


/** Adapts {@link Handler.SessionFactory} to {@link Handler}: the session lives in the Conn's attachment. */
final class SessionHandler implements Handler {
    private final SessionFactory factory;

    SessionHandler(SessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void init(Handshake handshake, Conn conn) throws Exception {
        Session s = factory.init(handshake, conn);
        if (s == null) {
            throw new IllegalStateException("SessionFactory returned null");
        }
        conn.attach(s);
    }

    @Override
    public void afterInit(Conn conn) throws Exception {
        conn.<Session>attachment().afterInit();
    }

    @Override
    public void handle(Conn conn, Message message) throws Exception {
        conn.<Session>attachment().handle(message);
    }

    @Override
    public void drained(Conn conn) throws Exception {
        conn.<Session>attachment().drained();
    }

    @Override
    public void close(Conn conn) {
        conn.<Session>attachment().close();
    }

    @Override
    public String toString() {
        return "perConnection(" + factory + ")";
    }
}
