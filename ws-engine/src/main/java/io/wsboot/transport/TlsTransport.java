package io.wsboot.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

/**
 * TLS over a non-blocking socket with an {@link SSLEngine} (TLS 1.3 and 1.2). Encrypted input
 * and output wait in buffers borrowed from the loop's pool only while they hold something, so
 * an idle TLS connection keeps no buffer. The TLS handshake is driven from {@link #read}:
 * delegated tasks run right there, on the loop (a TLS handshake costs about a millisecond of
 * CPU); the server's handshake timeout covers it, since it starts at accept. TLS 1.2
 * renegotiation is refused: each one is a full handshake on the loop, at the client's will.
 * Loop only.
 *
 * <p>A client's connection starts blocking, on the thread that connects: {@link #handshake} runs
 * the TLS handshake, and reads and writes block until an event loop takes the channel over and
 * lends it its pool ({@link #usePool}).
 */
public final class TlsTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private final SocketChannel ch;
    private final SSLEngine engine;
    private BufferPool pool;
    /** Encrypted input not yet unwrapped, in fill mode (data in [0, position)); null when none. */
    private ByteBuffer netIn;
    /** Encrypted output not yet written, in drain mode; null when none. */
    private ByteBuffer netOut;
    private boolean inboundClosed;
    /** The first handshake is done: another one from here on is a renegotiation. */
    private boolean established;

    public TlsTransport(SocketChannel ch, SSLEngine engine, BufferPool pool) {
        this.ch = ch;
        this.engine = engine;
        this.pool = pool;
    }

    /**
     * The client's TLS handshake on a blocking channel, on the connecting thread (a deadline
     * that closes the socket bounds it). Throws when the server ends the connection instead.
     */
    public void handshake() throws IOException {
        engine.beginHandshake();
        ByteBuffer none = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        boolean needInput = false;
        while (true) {
            progressHandshake();
            SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || hs == SSLEngineResult.HandshakeStatus.FINISHED) {
                break;
            }
            if (netIn == null) {
                netIn = pool.acquire();
            }
            if (needInput || netIn.position() == 0) {
                if (!netIn.hasRemaining()) {
                    throw new SSLException("TLS record larger than " + netIn.capacity() + " bytes");
                }
                if (ch.read(netIn) < 0) {
                    throw new SSLHandshakeException("the server closed the connection during the TLS handshake");
                }
            }
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, none.clear());
            } finally {
                netIn.compact();
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLHandshakeException("the server closed TLS during its handshake");
            }
            needInput = r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW;
        }
        established = true;
        if (netIn != null && netIn.position() == 0) {
            pool.release(netIn);
            netIn = null;
        }
    }

    /**
     * From now on buffers come from {@code loopPool} (on the loop that takes a client's channel
     * over): what is held of the first pool is copied across.
     */
    public void usePool(BufferPool loopPool) {
        if (netIn != null) {
            ByteBuffer moved = loopPool.acquire();
            netIn.flip();
            moved.put(netIn);
            pool.release(netIn);
            netIn = moved;
        }
        if (netOut != null) {
            ByteBuffer moved = loopPool.acquire();
            moved.put(netOut).flip();
            pool.release(netOut);
            netOut = moved;
        }
        pool = loopPool;
    }

    /** The TLS session: protocol, cipher suite, peer certificates. */
    public SSLSession session() {
        return engine.getSession();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int produced = 0;
        while (true) {
            if (netIn != null && netIn.position() > 0) {
                if (!established) {
                    established = ready();
                }
                netIn.flip();
                SSLEngineResult r;
                try {
                    r = engine.unwrap(netIn, dst);
                } finally {
                    netIn.compact();
                }
                if (established && renegotiation(r)) {
                    throw new SSLException("TLS renegotiation refused");
                }
                produced += r.bytesProduced();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    inboundClosed = true;
                    progressHandshake(); // answer the close_notify
                    return produced > 0 ? produced : -1;
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    if (produced == 0) {
                        throw new SSLException("TLS record larger than the read buffer");
                    }
                    return produced; // dst is full: the caller processes it and reads again
                }
                progressHandshake();
                if (r.getStatus() == SSLEngineResult.Status.OK && (r.bytesConsumed() > 0 || r.bytesProduced() > 0)
                        && netIn.position() > 0) {
                    continue; // more records in netIn
                }
            }
            if (netIn != null && netIn.position() == 0) {
                pool.release(netIn);
                netIn = null;
            }
            if (produced > 0) {
                return produced;
            }
            if (netIn == null) {
                netIn = pool.acquire();
            }
            if (!netIn.hasRemaining()) {
                throw new SSLException("TLS record larger than " + netIn.capacity() + " bytes");
            }
            int n = ch.read(netIn);
            if (n < 0) {
                return -1;
            }
            if (n == 0) {
                if (netIn.position() == 0) {
                    pool.release(netIn);
                    netIn = null;
                }
                return 0;
            }
        }
    }

    /**
     * A handshake started after the first one, under TLS 1.2. TLS 1.3 has no renegotiation; its
     * post-handshake messages (key updates, tickets) are answered as usual.
     */
    private boolean renegotiation(SSLEngineResult r) {
        SSLEngineResult.HandshakeStatus hs = r.getHandshakeStatus();
        return hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && hs != SSLEngineResult.HandshakeStatus.FINISHED
                && !"TLSv1.3".equals(engine.getSession().getProtocol());
    }

    /** Runs delegated tasks and sends handshake records until the engine needs input or is done. */
    private void progressHandshake() throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> {
                    if (!wrap(new ByteBuffer[] {EMPTY}, 0, 1)) {
                        return; // the socket is full: flushPending goes on later
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** Wraps one record into netOut and tries to write it; false when it could not all be written. */
    private boolean wrap(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (!flushPending()) {
            return false;
        }
        ByteBuffer out = pool.acquire();
        SSLEngineResult r;
        try {
            r = engine.wrap(srcs, offset, length, out);
        } catch (SSLException e) {
            pool.release(out);
            throw e;
        }
        out.flip();
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            pool.release(out);
            throw new SSLException("TLS record larger than " + out.capacity() + " bytes");
        }
        if (!out.hasRemaining()) {
            pool.release(out);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesConsumed() == 0 && remaining(srcs, offset, length) > 0) {
                throw new ClosedChannelException();
            }
            return true;
        }
        netOut = out;
        return flushPending();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long taken = 0;
        while (remaining(srcs, offset, length) > 0) {
            long before = remaining(srcs, offset, length);
            boolean written = wrap(srcs, offset, length);
            taken += before - remaining(srcs, offset, length);
            if (!written || before == remaining(srcs, offset, length)) {
                break;
            }
        }
        return taken;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    private static long remaining(ByteBuffer[] srcs, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += srcs[i].remaining();
        }
        return n;
    }

    @Override
    public boolean flushPending() throws IOException {
        if (netOut == null) {
            return true;
        }
        ch.write(netOut);
        if (netOut.hasRemaining()) {
            return false;
        }
        pool.release(netOut);
        netOut = null;
        return true;
    }

    @Override
    public boolean hasBufferedInput() {
        return netIn != null && netIn.position() > 0;
    }

    @Override
    public boolean ready() {
        return engine.getHandshakeStatus() == javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                && !"SSL_NULL_WITH_NULL_NULL".equals(engine.getSession().getCipherSuite());
    }

    @Override
    public boolean allowsDirectWrites() {
        return false;
    }

    @Override
    public void shutdownOutput() throws IOException {
        engine.closeOutbound();
        try {
            progressHandshake(); // close_notify
        } catch (IOException ignored) {
            // the peer may be gone already
        }
        ch.shutdownOutput();
    }

    @Override
    public void release() {
        if (netIn != null) {
            pool.release(netIn);
            netIn = null;
        }
        if (netOut != null) {
            pool.release(netOut);
            netOut = null;
        }
        if (!inboundClosed) {
            try {
                engine.closeInbound();
            } catch (SSLException ignored) {
                // no close_notify from the peer: expected when it vanished
            }
        }
    }
}
