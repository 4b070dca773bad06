package io.wsboot.testing;

import io.wsboot.Conn;
import io.wsboot.PreFramed;
import io.wsboot.SendStatus;
import io.wsboot.codec.CloseFrame;
import io.wsboot.codec.FrameWriter;
import io.wsboot.frame.OpCode;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Conn} without a socket that records what a handler writes, so a handler can be
 * unit-tested (seed: {@code wtt.conn}). The {@code expect*} methods take the oldest recorded
 * frame and fail with an {@link AssertionError} if it is not the one expected. Thread-safe.
 */
public final class TestConn implements Conn {
    private static final AtomicLong IDS = new AtomicLong();

    /** A frame the handler sent. */
    public record Sent(OpCode type, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** For a close frame: its code, or 1005. */
        public int closeCode() {
            return CloseFrame.code(payload);
        }

        @Override
        public String toString() {
            return type + (type == OpCode.TEXT ? " \"" + text() + "\"" : type == OpCode.CLOSE ? " " + closeCode()
                    : " (" + payload.length + " bytes)");
        }
    }

    private final long id = IDS.incrementAndGet();
    private final String path;
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private final List<Sent> all = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();
    private String key;
    /** Where its subscriptions go, or null. */
    private final TestTopics hub;
    /** What the test says is queued and unsent (a peer that does not read). */
    private long buffered;
    private long highMark = 64 * 1024;
    private boolean readingPaused;
    private volatile Object attachment;
    private volatile java.security.Principal principal;
    private java.util.Map<String, String> pathVariables = java.util.Map.of();
    private String subprotocol;
    private boolean open = true;
    private int closeCode;
    private String closeReason = "";

    public TestConn() {
        this("/");
    }

    public TestConn(String path) {
        this(path, null);
    }

    /** A connection whose subscriptions join {@code topics} (null: they are only recorded). */
    public TestConn(String path, TestTopics topics) {
        this.path = path;
        this.hub = topics;
        if (topics != null) {
            topics.opened(this);
        }
    }

    // --- assertions ---

    /** Asserts that the next frame sent is a text message equal to {@code expected}. */
    public TestConn expectText(String expected) {
        Sent s = next("text \"" + expected + "\"");
        if (s.type() != OpCode.TEXT || !s.text().equals(expected)) {
            throw new AssertionError("expected text \"" + expected + "\" but was " + s);
        }
        return this;
    }

    /** Asserts that the next frame sent is a binary message equal to {@code expected}. */
    public TestConn expectBinary(byte[] expected) {
        Sent s = next("binary of " + expected.length + " bytes");
        if (s.type() != OpCode.BINARY || !Arrays.equals(s.payload(), expected)) {
            throw new AssertionError("expected binary " + Arrays.toString(expected) + " but was " + s
                    + (s.type() == OpCode.BINARY ? " " + Arrays.toString(s.payload()) : ""));
        }
        return this;
    }

    /** Asserts that the next frame sent is of type {@code type} and returns it. */
    public Sent expectFrame(OpCode type) {
        Sent s = next(type.toString());
        if (s.type() != type) {
            throw new AssertionError("expected " + type + " but was " + s);
        }
        return s;
    }

    /** Asserts that the next frame sent is a close with {@code code}. */
    public TestConn expectClose(int code) {
        Sent s = expectFrame(OpCode.CLOSE);
        if (s.closeCode() != code) {
            throw new AssertionError("expected close " + code + " but was close " + s.closeCode());
        }
        return this;
    }

    /** Asserts that nothing (more) was sent. */
    public TestConn expectNothing() {
        synchronized (this) {
            if (!sent.isEmpty()) {
                throw new AssertionError("expected nothing more to be sent but found " + sent);
            }
        }
        return this;
    }

    private synchronized Sent next(String what) {
        Sent s = sent.pollFirst();
        if (s == null) {
            throw new AssertionError("expected " + what + " but nothing (more) was sent");
        }
        return s;
    }

    /** Every frame sent so far, including those already checked. */
    public synchronized List<Sent> sent() {
        return List.copyOf(all);
    }

    /** Texts of all text frames sent so far. */
    public synchronized List<String> texts() {
        return all.stream().filter(s -> s.type() == OpCode.TEXT).map(Sent::text).toList();
    }

    public synchronized void setSubprotocol(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    // --- Conn ---

    private synchronized boolean record(OpCode type, byte[] payload) {
        if (!open) {
            return false;
        }
        Sent s = new Sent(type, payload);
        sent.addLast(s);
        all.add(s);
        return true;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(b.position(), a);
        return a;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return InetSocketAddress.createUnresolved("test", 0);
    }

    @Override
    public java.security.Principal principal() {
        return principal;
    }

    /** Sets who the connection is authenticated as ({@link #principal()}). */
    public void setPrincipal(java.security.Principal principal) {
        this.principal = principal;
    }

    @Override
    public synchronized java.util.Map<String, String> pathVariables() {
        return pathVariables;
    }

    /** Sets what the handler's template captured ({@link #pathVariables()}). */
    public synchronized void setPathVariables(java.util.Map<String, String> variables) {
        this.pathVariables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    }

    @Override
    public synchronized String subprotocol() {
        return subprotocol;
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    /** Records the subscription ({@link #subscriptions()}); false when a member already or closed. */
    @Override
    public boolean subscribe(String topic) {
        synchronized (this) {
            if (!open || topics.contains(topic)) {
                return false;
            }
            topics.add(topic);
        }
        if (hub != null) {
            hub.join(topic, this);
        }
        return true;
    }

    @Override
    public boolean unsubscribe(String topic) {
        synchronized (this) {
            if (!topics.remove(topic)) {
                return false;
            }
        }
        if (hub != null) {
            hub.leave(topic, this);
        }
        return true;
    }

    /** Closed: out of the topics, as the engine does before the handler's close. */
    private void ended() {
        synchronized (this) {
            topics.clear();
        }
        if (hub != null) {
            hub.ended(this);
        }
    }

    @Override
    public synchronized void key(String key) {
        this.key = key;
    }

    @Override
    public synchronized String key() {
        return key;
    }

    /**
     * Pretends {@code bytes} are queued and unsent (a peer that stopped reading): what
     * {@link #bufferedAmount()} returns, and past the high mark {@code send} reports
     * {@link SendStatus#BUFFERED}.
     */
    public synchronized TestConn buffered(long bytes) {
        this.buffered = bytes;
        return this;
    }

    /** The write-buffer high mark the sends compare with (64 KiB, the server's default). */
    public synchronized TestConn highMark(long bytes) {
        this.highMark = bytes;
        return this;
    }

    /** Whether the handler paused reading and has not resumed it. */
    public synchronized boolean readingPaused() {
        return readingPaused;
    }

    @Override
    public synchronized long bufferedAmount() {
        return buffered;
    }

    @Override
    public synchronized void pauseReading() {
        readingPaused = open;
    }

    @Override
    public synchronized void resumeReading() {
        readingPaused = false;
    }

    @Override
    public SendStatus send(CharSequence text) {
        return status(write(text));
    }

    @Override
    public SendStatus sendBinary(ByteBuffer data) {
        return status(writeBin(data));
    }

    @Override
    public SendStatus send(PreFramed frame) {
        return status(writeFramed(frame));
    }

    private synchronized SendStatus status(boolean accepted) {
        return !accepted ? SendStatus.REFUSED : buffered > highMark ? SendStatus.BUFFERED : SendStatus.SENT;
    }

    /** The topics the handler subscribed to and has not left, in the order joined. */
    public synchronized List<String> subscriptions() {
        return List.copyOf(topics);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    @Override
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public boolean write(CharSequence text) {
        return record(OpCode.TEXT, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean writeText(ByteBuffer utf8) {
        return record(OpCode.TEXT, bytes(utf8));
    }

    @Override
    public boolean writeBin(ByteBuffer data) {
        return record(OpCode.BINARY, bytes(data));
    }

    @Override
    public boolean writeFrame(OpCode type, ByteBuffer data) {
        return frame(type, bytes(data));
    }

    private boolean frame(OpCode type, byte[] data) {
        CloseFrame.checkWritable(type, ByteBuffer.wrap(data), 0, data.length);
        if (type == OpCode.CLOSE) {
            boolean ok = record(type, data);
            synchronized (this) {
                if (ok) {
                    open = false;
                    closeCode = new Sent(type, data).closeCode();
                }
            }
            if (ok) {
                ended();
            }
            return ok;
        }
        return record(type, data);
    }

    @Override
    public boolean writeFramed(PreFramed frame) {
        ByteBuffer b = frame.bytes();
        int h = FrameWriter.headerSize(frame.payloadLength(), false);
        b.position(h);
        return record(frame.type(), bytes(b));
    }

    @Override
    public void close(int code, String reason) {
        byte[] payload = CloseFrame.payload(code, reason);
        boolean closing;
        synchronized (this) {
            closing = record(OpCode.CLOSE, payload);
            if (closing) {
                open = false;
                closeCode = code;
                closeReason = reason == null ? "" : reason;
            }
        }
        if (closing) {
            ended();
        }
    }

    /** Marks the connection closed by the peer (what the engine does before calling close); it leaves its topics. */
    public void closedByPeer(int code, String reason) {
        synchronized (this) {
            open = false;
            closeCode = code;
            closeReason = reason;
        }
        ended();
    }

    @Override
    public synchronized int closeCode() {
        return closeCode;
    }

    @Override
    public synchronized String closeReason() {
        return closeReason;
    }

    @Override
    public String toString() {
        return "TestConn#" + id + " " + path;
    }
}
