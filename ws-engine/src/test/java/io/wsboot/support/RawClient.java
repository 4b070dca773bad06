package io.wsboot.support;

import io.wsboot.frame.OpCode;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A blocking, deliberately dumb WebSocket client over a plain socket: it sends whatever bytes a
 * test gives it (valid or not) and reads server frames as they are, so protocol behaviour can be
 * checked on the wire.
 */
public final class RawClient implements AutoCloseable {
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A frame as the server sent it. */
    public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }

        public OpCode type() {
            return OpCode.of(opcode);
        }
    }

    /** An HTTP answer: status line, head, body. */
    public record HttpAnswer(int status, String head, String body) {
        public boolean hasHeader(String line) {
            return head.toLowerCase().contains("\r\n" + line.toLowerCase() + "\r\n");
        }
    }

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(int port) throws IOException {
        return new RawClient(new Socket("127.0.0.1", port));
    }

    /** Connects from another loopback address ({@code 127.x.y.z}): another client as the server's per-address limits see it. */
    public static RawClient connectFrom(String localAddress, int port) throws IOException {
        return new RawClient(new Socket(java.net.InetAddress.getByName("127.0.0.1"), port, java.net.InetAddress.getByName(localAddress), 0));
    }

    public static String request(String path, String... extraHeaders) {
        StringBuilder sb = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ").append(KEY)
                .append("\r\nSec-WebSocket-Version: 13\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** Connects and completes a handshake on {@code path}; fails unless the answer is 101. */
    public static RawClient open(int port, String path, String... extraHeaders) throws IOException {
        return handshake(connect(port), path, extraHeaders);
    }

    /** {@link #open} from another loopback address. */
    public static RawClient openFrom(String localAddress, int port, String path, String... extraHeaders) throws IOException {
        return handshake(connectFrom(localAddress, port), path, extraHeaders);
    }

    private static RawClient handshake(RawClient c, String path, String... extraHeaders) throws IOException {
        c.send(request(path, extraHeaders).getBytes(StandardCharsets.ISO_8859_1));
        HttpAnswer a = c.readHead();
        if (a.status() != 101) {
            c.close();
            throw new IOException("expected 101, got " + a.status() + ": " + a.head() + a.body());
        }
        if (!a.hasHeader("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")) {
            throw new IOException("bad accept header: " + a.head());
        }
        return c;
    }

    public void setTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends {@code bytes} one at a time, flushing each: the server sees many tiny reads. */
    public void sendSlowly(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
    }

    /** Reads an HTTP response head (and, for errors, the body up to Content-Length). */
    public HttpAnswer readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed before the end of the response head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(h.substring(9, 12));
        String body = "";
        int cl = h.toLowerCase().indexOf("content-length: ");
        if (cl >= 0) {
            int n = Integer.parseInt(h.substring(cl + 16, h.indexOf('\r', cl)).trim());
            body = new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
        return new HttpAnswer(status, h, body);
    }

    /** Sends a raw request and reads the answer (an error answer for a bad request). */
    public static HttpAnswer exchange(int port, byte[] request) throws IOException {
        try (RawClient c = connect(port)) {
            c.send(request);
            return c.readHead();
        }
    }

    public Frame readFrame() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = (readByte() << 8) | readByte();
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | readByte();
            }
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] key = masked ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) len);
        if (payload.length != len) {
            throw new EOFException("frame cut short");
        }
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0F, masked, payload);
    }

    /** Reads frames until a close frame and returns it (skipping data). */
    public Frame readClose() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == OpCode.CLOSE.code()) {
                return f;
            }
        }
    }

    /** Whether the server closed the connection (EOF) within the socket timeout. */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }

    /** Closes abruptly (RST when data is unread). */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] repeat(byte b, int n) {
        byte[] a = new byte[n];
        Arrays.fill(a, b);
        return a;
    }
}
