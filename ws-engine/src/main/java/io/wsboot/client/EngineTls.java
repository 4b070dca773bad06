package io.wsboot.client;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * TLS for a connection that an event loop will serve: an {@link SSLEngine} over the socket
 * channel, because an {@code SSLSocket} cannot be handed to a selector. Two phases:
 * <ol>
 * <li>blocking, on the connecting thread: the TLS handshake, then {@link #input()} and
 * {@link #output()} carry the WebSocket handshake (reads honour the socket's timeout);
 * <li>non-blocking, once the loop reads: {@link #read} on the loop, {@link #wrap} under the
 * client's write lock. {@code SSLEngine} lets one thread wrap while another unwraps.
 * </ol>
 */
final class EngineTls {
    private final SSLEngine engine;
    private final SocketChannel ch;
    private final InputStream rawIn;
    /** Encrypted input not yet unwrapped, in fill mode (reader only). */
    private ByteBuffer netIn;
    /** Plaintext unwrapped but not yet taken, in drain mode (blocking phase; dropped once drained after it). */
    private ByteBuffer appIn;
    /**
     * Encrypted output of one wrap, per writing thread: a record is written (or copied) before the
     * same thread wraps again, so connections need not each keep a packet buffer for output.
     */
    private static final ThreadLocal<ByteBuffer> NET_OUT = new ThreadLocal<>();
    private final int packetSize;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** The first handshake is done: a TLS 1.2 handshake after it (a server's renegotiation) is refused. */
    private boolean established;

    EngineTls(SSLEngine engine, SocketChannel ch) throws IOException {
        this.engine = engine;
        this.ch = ch;
        this.rawIn = ch.socket().getInputStream();
        this.packetSize = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packetSize);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
    }

    // ------------------------------------------------------------------ blocking phase

    /** Runs the TLS handshake on the blocking channel; the socket's timeout bounds each read. */
    void handshake() throws IOException {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrapBlocking(EMPTY.duplicate());
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (unwrapBlocking(appIn.compact()) < 0) {
                        appIn.flip();
                        SSLHandshakeException e = new SSLHandshakeException("the server closed the connection during the TLS handshake");
                        e.initCause(new EOFException());
                        throw e;
                    }
                    appIn.flip();
                }
                case NEED_TASK -> runTasks();
                default -> {
                    established = true;
                    return;
                }
            }
        }
    }

    /** Plaintext in, for the WebSocket handshake (blocking phase). */
    InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (!appIn.hasRemaining()) {
                    int n = unwrapBlocking(appIn.compact());
                    appIn.flip();
                    if (n < 0) {
                        return -1;
                    }
                }
                int n = Math.min(len, appIn.remaining());
                appIn.get(b, off, n);
                return n;
            }
        };
    }

    /** Plaintext out, for the WebSocket handshake (blocking phase). */
    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                wrapBlocking(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /**
     * Unwraps into {@code dst} (fill mode), reading the socket when a whole record is not there
     * yet: returns once a record was consumed (the bytes produced, maybe 0), -1 at the end.
     */
    private int unwrapBlocking(ByteBuffer dst) throws IOException {
        while (true) {
            if (netIn.position() > 0) {
                SSLEngineResult r = unwrap(dst);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return -1;
                }
                if (r.getStatus() == SSLEngineResult.Status.OK && r.bytesConsumed() > 0) {
                    return r.bytesProduced();
                }
            }
            int n = rawIn.read(netIn.array(), netIn.position(), netIn.remaining()); // honours SO_TIMEOUT
            if (n < 0) {
                return -1;
            }
            netIn.position(netIn.position() + n);
        }
    }

    /** One unwrap from netIn; grows netIn for a record larger than it, runs delegated tasks. */
    private SSLEngineResult unwrap(ByteBuffer dst) throws IOException {
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, dst);
        } finally {
            netIn.compact();
        }
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> growNetIn();
            case BUFFER_OVERFLOW -> {
                if (dst.position() == 0) {
                    throw new SSLException("TLS record larger than the read buffer");
                }
            }
            default -> {
            }
        }
        SSLEngineResult.HandshakeStatus hs = r.getHandshakeStatus();
        if (established && hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && hs != SSLEngineResult.HandshakeStatus.FINISHED
                && !"TLSv1.3".equals(engine.getSession().getProtocol())) {
            throw new SSLException("TLS renegotiation refused"); // TLS 1.3 key updates and tickets are no such thing
        }
        if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        return r;
    }

    private void growNetIn() {
        if (netIn.hasRemaining()) {
            return; // the record's rest is still to come
        }
        ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
        netIn.flip();
        netIn = bigger.put(netIn);
    }

    private void wrapBlocking(ByteBuffer src) throws IOException {
        do {
            ByteBuffer enc = wrapOnce(src);
            while (enc.hasRemaining()) {
                ch.write(enc);
            }
        } while (src.hasRemaining());
    }

    private void runTasks() {
        Runnable t;
        while ((t = engine.getDelegatedTask()) != null) {
            t.run();
        }
    }

    // ------------------------------------------------------------------ loop phase

    /**
     * Non-blocking: reads what the socket has and unwraps into {@code dst} (fill mode). Returns
     * the plaintext bytes produced (0: none yet), -1 at the end of input (close_notify or EOF).
     * Records the engine needs answered (TLS 1.3 key updates) are wrapped through {@code out}.
     */
    int read(ByteBuffer dst, LoopChannel out, ClientLoop loop) throws IOException {
        if (netIn == null) {
            netIn = loop.takeNetIn(packetSize);
        }
        try {
            return readNonBlocking(dst, out);
        } finally {
            if (netIn.position() == 0) { // no partial record: an idle connection holds no input buffer
                loop.giveNetIn(netIn);
                netIn = null;
            }
        }
    }

    private int readNonBlocking(ByteBuffer dst, LoopChannel out) throws IOException {
        int produced = 0;
        if (appIn.hasRemaining()) { // decrypted by the blocking phase, after the handshake answer
            produced = Math.min(appIn.remaining(), dst.remaining());
            dst.put(dst.position(), appIn, appIn.position(), produced);
            dst.position(dst.position() + produced);
            appIn.position(appIn.position() + produced);
        }
        if (!appIn.hasRemaining() && appIn != EMPTY) {
            appIn = EMPTY; // the loop unwraps straight into its own buffer from now on
        }
        boolean eof = false;
        while (true) {
            while (netIn.position() > 0) {
                SSLEngineResult r = unwrap(dst);
                produced += r.bytesProduced();
                if (needsWrap()) {
                    out.writeTlsRecords(); // e.g. the answer to a key update
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return produced > 0 ? produced : -1;
                }
                if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                    break; // a partial record (read more) or dst is full
                }
            }
            if (eof) {
                return produced > 0 ? produced : -1;
            }
            if (!dst.hasRemaining() || produced > 0 && dst.remaining() < engine.getSession().getApplicationBufferSize()) {
                return produced; // decode this, then come back for the rest
            }
            int n = ch.read(netIn);
            if (n < 0) {
                eof = true;
            } else if (n == 0) {
                return produced;
            }
        }
    }

    /**
     * Encrypts from {@code src}: one record, returned ready to write; valid until this thread
     * wraps again (write lock held).
     */
    ByteBuffer wrapOnce(ByteBuffer src) throws IOException {
        ByteBuffer netOut = NET_OUT.get();
        if (netOut == null || netOut.capacity() < packetSize) {
            netOut = ByteBuffer.allocate(packetSize);
            NET_OUT.set(netOut);
        }
        while (true) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                NET_OUT.set(netOut);
                continue;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED && src.hasRemaining()) {
                throw new SSLException("TLS output closed");
            }
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            return netOut.flip();
        }
    }

    javax.net.ssl.SSLSession session() {
        return engine.getSession();
    }

    /**
     * Whether input is already here that the socket will not announce again: plaintext the
     * blocking phase decrypted past the handshake answer, or records it read but did not decrypt.
     */
    boolean hasBufferedInput() {
        return appIn.hasRemaining() || netIn != null && netIn.position() > 0;
    }

    /** Whether the engine has records of its own to send (handshake or key update answers). */
    boolean needsWrap() {
        return engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
    }
}
