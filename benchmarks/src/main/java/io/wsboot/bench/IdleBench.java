package io.wsboot.bench;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N idle WebSocket connections (raw sockets, no thread each), optionally offering
 * permessage-deflate the way browsers do, sends one message on each, then holds them until
 * stdin closes. Prints "HOLDING n" once all are open, for a script to measure the server.
 *
 * <pre>java -cp ... io.wsboot.bench.IdleBench PORT N deflate|plain</pre>
 */
public final class IdleBench {
    private IdleBench() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        boolean deflate = args[2].equals("deflate");
        String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (deflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "") + "\r\n";
        // one masked 300-byte text message (uncompressed: RSV1 clear), so each connection has carried traffic
        byte[] frame = new byte[2 + 2 + 4 + 300];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | 126);
        frame[2] = 1;
        frame[3] = 44;
        for (int i = 8; i < frame.length; i++) {
            frame[i] = 'x';
        }
        List<Socket> sockets = new ArrayList<>(n);
        byte[] buf = new byte[8192];
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            int got = 0;
            while (got < 4 || !new String(buf, 0, got, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int r = in.read(buf, got, buf.length - got);
                if (r < 0) {
                    throw new IllegalStateException("closed during handshake");
                }
                got += r;
            }
            String head = new String(buf, 0, got, StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 101") || deflate != head.contains("permessage-deflate")) {
                throw new IllegalStateException("unexpected answer: " + head);
            }
            s.getOutputStream().write(frame);
            sockets.add(s);
        }
        for (Socket s : sockets) {
            s.setSoTimeout(5000);
            int r = s.getInputStream().read(buf); // the echo
            if (r <= 0) {
                throw new IllegalStateException("no echo");
            }
        }
        System.out.println("HOLDING " + sockets.size());
        System.in.read();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
