package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.Message;
import io.wsboot.ServerObserver.ConnectionObserver;
import io.wsboot.ServerObserver.HandlerCall;
import io.wsboot.frame.CloseCodes;
import io.wsboot.frame.OpCode;
import io.wsboot.session.MessageView;
import io.wsboot.session.Session;
import io.wsboot.transport.MemoryBudget;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection's calls into its handler, on the event loop or on the handler executor. On the
 * loop a message is a view of the read buffer and the watchdog sees who holds the loop; on the
 * executor a message is copied, calls for the connection run one at a time in order
 * ({@link SerialExecutor}), and reading pauses while {@value #MAX_INFLIGHT} wait.
 */
final class HandlerCalls {
    private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());
    /** Executor mode: stop reading when this many messages wait for the handler; resume at half. */
    private static final int MAX_INFLIGHT = 256;
    private static final VarHandle INFLIGHT_BYTES;

    static {
        try {
            INFLIGHT_BYTES = MethodHandles.lookup().findVarHandle(HandlerCalls.class, "inflightBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ServerEngine engine;
    private final Route route;
    private final ServerLoop loop;
    private final MemoryBudget budget;
    /** Null on the loop. */
    private final SerialExecutor serial;
    private final AtomicInteger inflight;
    /** Told of every call, around it, where it runs. */
    private final ConnectionObserver watch;
    @SuppressWarnings("unused") // through INFLIGHT_BYTES
    private volatile long inflightBytes;

    /** @param executor where handler calls run; null for the loop */
    HandlerCalls(ServerEngine engine, Route route, ServerLoop loop, Executor executor, ConnectionObserver watch) {
        this.watch = watch;
        this.engine = engine;
        this.route = route;
        this.loop = loop;
        this.budget = engine.budget;
        this.serial = executor == null ? null : new SerialExecutor(executor);
        this.inflight = executor == null ? null : new AtomicInteger();
    }

    boolean onLoop() {
        return serial == null;
    }

    /** Runs the handler's init (where handler calls run); returns what it threw, or null. */
    Throwable init(Handshake handshake, Conn conn) {
        if (serial == null) {
            loop.enter(route);
        }
        Throwable error = null;
        watch.calling(HandlerCall.INIT, null);
        try {
            route.handler().init(handshake, conn);
        } catch (Throwable t) {
            error = t;
        }
        watch.returned(error);
        handshake.markAnswered();
        if (serial == null) {
            loop.exit();
        }
        return error;
    }

    /** Runs init on the executor, then {@code then} on the loop with what it threw (or null). */
    void initOffLoop(Handshake handshake, Conn conn, java.util.function.Consumer<Throwable> then) {
        serial.execute(() -> {
            Throwable outcome = init(handshake, conn);
            loop.execute(() -> then.accept(outcome));
        });
    }

    void afterInit(Session session) {
        call(session, HandlerCall.AFTER_INIT, "afterInit", Handler::afterInit);
    }

    /** The connection's queue drained to the low mark: the handler's {@code drained}. */
    void drained(Session session) {
        call(session, HandlerCall.DRAINED, "drained", Handler::drained);
    }

    /**
     * One handler call but {@code handle}, where the calls run; what it throws closes the
     * connection with 1011. The observer hears the return first, so that the close callback the
     * 1011 may run at once is not inside the call.
     */
    private void call(Session session, HandlerCall which, String where, Call call) {
        if (serial == null) {
            loop.enter(route);
            watch.calling(which, null);
            try {
                call.run(route.handler(), session);
                watch.returned(null);
            } catch (Throwable t) {
                watch.returned(t);
                failed(session, where, t);
            } finally {
                loop.exit();
            }
        } else {
            serial.execute(() -> {
                watch.calling(which, null);
                try {
                    call.run(route.handler(), session);
                    watch.returned(null);
                } catch (Throwable t) {
                    watch.returned(t);
                    loop.execute(() -> failed(session, where, t));
                }
            });
        }
    }

    @FunctionalInterface
    private interface Call {
        void run(Handler handler, Session session) throws Exception;
    }

    /** Hands a message to the handler: on the loop (a view), or copied to its executor. */
    void deliver(Session session, OpCode type, ByteBuffer buf, int offset, int length) {
        if (serial == null) {
            MessageView m = loop.message.set(type, buf, offset, length);
            loop.enter(route);
            watch.calling(HandlerCall.MESSAGE, m);
            try {
                route.handler().handle(session, m);
                watch.returned(null);
            } catch (Throwable t) {
                watch.returned(t);
                failed(session, "handle", t);
            } finally {
                loop.exit();
                m.clear();
            }
            return;
        }
        byte[] copy = new byte[length];
        buf.get(offset, copy);
        Message m = Message.of(type, copy);
        budget.take(length); // waiting for the handler, the copy is buffered bytes too
        INFLIGHT_BYTES.getAndAdd(this, (long) length);
        if (inflight.incrementAndGet() >= MAX_INFLIGHT) {
            session.holdInput();
        }
        serial.execute(() -> {
            watch.calling(HandlerCall.MESSAGE, m);
            try {
                route.handler().handle(session, m);
                watch.returned(null);
            } catch (Throwable t) {
                watch.returned(t);
                loop.execute(() -> failed(session, "handle", t));
            } finally {
                budget.give(length);
                INFLIGHT_BYTES.getAndAdd(this, (long) -length);
                if (inflight.decrementAndGet() == MAX_INFLIGHT / 2) {
                    loop.execute(session::releaseInput);
                }
            }
        });
    }

    /** Bytes of messages copied for the executor and not yet handled. */
    long inflightBytes() {
        return (long) INFLIGHT_BYTES.getVolatile(this);
    }

    /** Runs {@code then} on the loop once the handler calls handed over so far have returned. */
    void afterHandlers(Runnable then) {
        if (serial == null) {
            then.run();
        } else {
            serial.execute(() -> loop.execute(then));
        }
    }

    /** The close callback; {@code done} runs after it (where it ran), then the observer hears the end. */
    void close(Session session, Runnable done) {
        if (serial == null) {
            loop.enter(route);
            try {
                closeCall(session);
            } finally {
                loop.exit();
                done.run();
                watch.closed(session.closeCode());
            }
        } else {
            serial.execute(() -> {
                try {
                    closeCall(session);
                } finally {
                    done.run();
                    watch.closed(session.closeCode());
                }
            });
        }
    }

    private void closeCall(Session session) {
        Throwable error = null;
        watch.calling(HandlerCall.CLOSE, null);
        try {
            route.handler().close(session);
        } catch (Throwable t) {
            error = t;
            LOG.log(System.Logger.Level.WARNING, "handler " + route.describe() + " threw in close", t);
        }
        watch.returned(error);
    }

    /** A handler call threw: counted, logged, and its connection closed with 1011. Loop only. */
    void failed(Session session, String where, Throwable t) {
        engine.handlerError(route, t);
        LOG.log(System.Logger.Level.WARNING, "handler " + route.describe() + " threw in " + where
                + "; closing connection " + session.id() + " with 1011", t);
        session.fail(CloseCodes.INTERNAL_ERROR, "internal error");
    }
}
