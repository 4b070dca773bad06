package io.wsboot.support;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.Message;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An echo handler that records every lifecycle call per connection and checks the engine's
 * promises: calls for one connection never overlap and come in order, close runs once.
 */
public class Recorder implements Handler {
    public final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    public final Map<Long, List<String>> byConn = new ConcurrentHashMap<>();
    public final List<String> violations = new CopyOnWriteArrayList<>();
    public final BlockingQueue<Conn> closed = new LinkedBlockingQueue<>();
    public final BlockingQueue<Conn> opened = new LinkedBlockingQueue<>();
    private final Map<Long, AtomicInteger> inCall = new ConcurrentHashMap<>();

    private void enter(Conn c, String event) {
        if (inCall.computeIfAbsent(c.id(), k -> new AtomicInteger()).incrementAndGet() != 1) {
            violations.add("concurrent call on connection " + c.id() + ": " + event);
        }
        List<String> l = byConn.computeIfAbsent(c.id(), k -> new CopyOnWriteArrayList<>());
        if (!l.isEmpty() && l.get(l.size() - 1).startsWith("close")) {
            violations.add("call after close on connection " + c.id() + ": " + event);
        }
        l.add(event);
        events.add(event);
    }

    private void exit(Conn c) {
        inCall.get(c.id()).decrementAndGet();
    }

    @Override
    public void init(Handshake handshake, Conn conn) throws Exception {
        enter(conn, "init " + handshake.url());
        try {
            onInit(handshake, conn);
        } finally {
            exit(conn);
        }
    }

    @Override
    public void afterInit(Conn conn) throws Exception {
        enter(conn, "afterInit");
        try {
            opened.add(conn);
            onOpen(conn);
        } finally {
            exit(conn);
        }
    }

    @Override
    public void handle(Conn conn, Message message) throws Exception {
        enter(conn, "handle " + message.type() + " " + message.length());
        try {
            onMessage(conn, message);
        } finally {
            exit(conn);
        }
    }

    @Override
    public void close(Conn conn) {
        enter(conn, "close " + conn.closeCode());
        exit(conn);
        closed.add(conn);
    }

    protected void onInit(Handshake handshake, Conn conn) throws Exception {
    }

    protected void onOpen(Conn conn) throws Exception {
    }

    /** Default: echo. */
    protected void onMessage(Conn conn, Message message) throws Exception {
        conn.writeFrame(message.type(), message.data());
    }

    public String next() throws InterruptedException {
        String e = events.poll(5, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within 5 s");
        }
        return e;
    }

    /** Waits for the close callback of some connection and returns it. */
    public Conn awaitClosed() throws InterruptedException {
        Conn c = closed.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no close callback within 10 s");
        }
        return c;
    }

    public Conn awaitOpened() throws InterruptedException {
        Conn c = opened.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no connection opened within 5 s");
        }
        return c;
    }

    /** Asserts that every connection got exactly one close call and nothing broke a promise. */
    public void assertClean() {
        // connections closed by the client just before may still be closing on the server
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && byConn.values().stream()
                .anyMatch(l -> l.contains("afterInit") && l.stream().noneMatch(e -> e.startsWith("close")))) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!violations.isEmpty()) {
            throw new AssertionError("handler contract violated: " + violations);
        }
        byConn.forEach((id, l) -> {
            boolean opened = l.contains("afterInit");
            long closes = l.stream().filter(e -> e.startsWith("close")).count();
            if (opened && closes != 1) {
                throw new AssertionError("connection " + id + " got " + closes + " close calls: " + l);
            }
        });
    }
}
