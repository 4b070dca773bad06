package io.wsboot.client;

import io.wsboot.transport.Selectable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A client connection's socket once it is served by a {@link ClientLoop}: non-blocking, read by
 * the loop, written by any thread; through {@link EngineTls} for {@code wss://}.
 *
 * <p>Writing (always under the client's write lock): what the socket takes at once is done. On
 * the loop's thread the rest is queued and sent when the socket is writable, so the loop never
 * blocks. Another thread waits instead, as a blocking socket would make it wait (back pressure),
 * parked until the loop sees the socket writable.
 */
final class LoopChannel implements Selectable {
    /** Where input goes: the client's decoder and its handler. */
    interface Sink {
        /** Decodes and dispatches {@code in}; false when the connection is over (stop reading). */
        boolean input(ByteBuffer in);

        /** Reading ended (end of input, error, close or loop stop): runs once. */
        void ended();

        /** The loop thread queued more than max-queued-bytes the server has not taken: close (1008). */
        void overflowed(String reason);
    }

    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private final SocketChannel ch;
    private final ClientLoop loop;
    private final Object writeLock;
    /** TLS (wss://), or null. */
    private final EngineTls tls;
    private Sink sink;
    private SelectionKey key;
    /** Bytes the loop's thread wrote that the socket did not take yet, in order (write lock). */
    private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
    private long unsentBytes;
    private final long maxUnsent;
    /** A thread parked until the socket is writable. */
    private volatile Thread waiter;
    private boolean ended;

    LoopChannel(SocketChannel ch, ClientLoop loop, Object writeLock, EngineTls tls, long maxUnsent) {
        this.maxUnsent = maxUnsent;
        this.ch = ch;
        this.loop = loop;
        this.writeLock = writeLock;
        this.tls = tls;
    }

    /**
     * Switches the socket to non-blocking (caller holds the write lock) and hands it to the loop,
     * which first feeds {@code leftover} (bytes read with the handshake answer) to the sink.
     */
    void start(Sink sink, ByteBuffer leftover) throws IOException {
        this.sink = sink;
        ch.configureBlocking(false);
        loop.execute(() -> {
            try {
                key = loop.register(ch, SelectionKey.OP_READ, this);
            } catch (IOException | RuntimeException e) {
                end();
                return;
            }
            if (leftover.hasRemaining() && !sink.input(leftover)) {
                end();
                return;
            }
            if (tls != null && tls.hasBufferedInput()) {
                readBuffered(); // the selector will not report what was read already
            }
        });
    }

    // ------------------------------------------------------------------ loop thread

    @Override
    public void onSelect(SelectionKey k) {
        try {
            if (k.isWritable()) {
                onWritable();
            }
            if (k.isValid() && k.isReadable()) {
                onReadable();
            }
        } catch (IOException e) {
            end(); // a broken socket: the connection ends
        }
    }

    private void onReadable() throws IOException {
        ByteBuffer rb = loop.readBuffer;
        for (int i = 0; i < 16; i++) { // then let the loop's other connections have their turn
            int n;
            try {
                n = tls == null ? ch.read(rb.clear()) : tls.read(rb.clear(), this, loop);
            } catch (IOException e) {
                end();
                return;
            }
            if (n < 0) {
                end();
                return;
            }
            if (n == 0) {
                return;
            }
            if (!sink.input(rb.flip())) {
                end();
                return;
            }
            if (tls == null && n < rb.capacity()) {
                return; // the socket is drained
            }
        }
        if (tls != null && tls.hasBufferedInput()) {
            // records already read from the socket: the selector will not report them again
            loop.execute(this::readBuffered);
        }
    }

    private void readBuffered() {
        if (ended) {
            return;
        }
        try {
            onReadable();
        } catch (IOException e) {
            end();
        }
    }

    private void onWritable() throws IOException {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w); // it holds the write lock and sends what is queued itself
        }
        key.interestOps(SelectionKey.OP_READ);
        if (w == null) {
            synchronized (writeLock) {
                if (!sendUnsent()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            }
        }
    }

    /** Anything else thrown while serving a ready key: the connection ends. */
    @Override
    public void onFailure(Throwable t) {
        end();
    }

    @Override
    public void onLoopEnded() {
        closeQuietly();
        end();
    }

    /** Reading is over: leave the selector and tell the sink, once. */
    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (key != null) {
            key.cancel();
        }
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        sink.ended();
    }

    // ------------------------------------------------------------------ any thread

    /** The socket was closed by the client: the loop ends reading (and runs the handler's close). */
    void closed() {
        loop.execute(this::end);
    }

    /** Writes {@code b[off, off + len)} (encrypted first with TLS); caller holds the write lock. */
    void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        if (tls == null) {
            writeRaw(src);
            return;
        }
        do {
            writeRaw(tls.wrapOnce(src));
        } while (src.hasRemaining());
    }

    /** Sends the records the TLS engine wants sent of its own accord (loop, from a read). */
    void writeTlsRecords() throws IOException {
        synchronized (writeLock) {
            while (tls.needsWrap()) {
                writeRaw(tls.wrapOnce(ByteBuffer.allocate(0)));
            }
        }
    }

    /** Bytes as they go on the wire: sent, queued (loop thread) or waited for (others). Write lock held. */
    private void writeRaw(ByteBuffer src) throws IOException {
        if (loop.inLoop()) {
            if (unsent.isEmpty()) {
                ch.write(src);
                if (!src.hasRemaining()) {
                    return;
                }
            }
            if (unsentBytes + src.remaining() > maxUnsent) {
                String reason = "server not reading: more than " + maxUnsent + " bytes queued";
                sink.overflowed(reason);
                throw new IOException(reason);
            }
            unsentBytes += src.remaining();
            unsent.add(ByteBuffer.allocate(src.remaining()).put(src).flip());
            if (key != null && key.isValid()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            return;
        }
        while (!unsent.isEmpty()) {
            writeFully(unsent.peekFirst());
            unsentBytes -= unsent.pollFirst().limit();
        }
        writeFully(src);
    }

    /** Sends what the loop queued; true when nothing is left. Write lock held. */
    private boolean sendUnsent() throws IOException {
        while (!unsent.isEmpty()) {
            ch.write(unsent.peekFirst());
            if (unsent.peekFirst().hasRemaining()) {
                return false;
            }
            unsentBytes -= unsent.pollFirst().limit();
        }
        return true;
    }

    /** Off the loop: writes all of {@code src}, parking while the socket's send buffer is full. */
    private void writeFully(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (ch.write(src) > 0 || !src.hasRemaining()) {
                continue;
            }
            if (!ch.isOpen() || ended) {
                throw new ClosedChannelException();
            }
            waiter = Thread.currentThread();
            try {
                loop.execute(this::wantWrite);
                LockSupport.parkNanos(this, PARK_NANOS);
            } finally {
                waiter = null;
            }
        }
    }

    private void wantWrite() {
        if (key != null && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void closeQuietly() {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
