package io.wsboot.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How a connection's bytes reach the socket: as they are (ws://) or through TLS (wss://). The
 * connection reads and writes plaintext; the transport does the rest. Called under the
 * connection's monitor, on its event loop (TLS), or from any thread (plain, direct writes).
 */
public interface Transport {

    /** Reads plaintext into {@code dst}: the bytes read, 0 when none now, -1 at the end of input. */
    public int read(ByteBuffer dst) throws IOException;

    /** Writes plaintext from {@code srcs}; returns the plaintext bytes taken (the socket may have taken less). */
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** Writes plaintext from {@code src}; returns the bytes taken. */
    public int write(ByteBuffer src) throws IOException;

    /** Sends what the transport itself still holds (TLS records); true when nothing is left. */
    public boolean flushPending() throws IOException;

    /** Whether input was read from the socket but not yet returned by {@link #read}. */
    public boolean hasBufferedInput();

    /** Whether plaintext can be sent (TLS: the TLS handshake is done). */
    public boolean ready();

    /** Whether any thread may write straight to the socket (false for TLS: only the loop writes). */
    public boolean allowsDirectWrites();

    /** Ends our output (TLS: after close_notify). */
    public void shutdownOutput() throws IOException;

    /** Gives back pooled buffers; the socket is closed by the connection. */
    public void release();

    /** Plain TCP. */
    public final class Plain implements Transport {
        private final java.nio.channels.SocketChannel ch;

        public Plain(java.nio.channels.SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return ch.read(dst);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return ch.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return ch.write(src);
        }

        @Override
        public boolean flushPending() {
            return true;
        }

        @Override
        public boolean hasBufferedInput() {
            return false;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public boolean allowsDirectWrites() {
            return true;
        }

        @Override
        public void shutdownOutput() throws IOException {
            ch.shutdownOutput();
        }

        @Override
        public void release() {
        }
    }
}
