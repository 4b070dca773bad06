package io.wsboot.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a real server that passes what the server sends back one byte at a
 * time, {@code gap} apart: a peer that is never silent long enough for a socket timeout, yet
 * never done. What the client sends goes through at once.
 */
public final class TrickleProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public TrickleProxy(int targetPort, Duration gap) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(client);
                    sockets.add(target);
                    pump(client.getInputStream(), target.getOutputStream(), Duration.ZERO);
                    pump(target.getInputStream(), client.getOutputStream(), gap);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "trickle-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pump(InputStream in, OutputStream out, Duration gap) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[gap.isZero() ? 8192 : 1];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    if (!gap.isZero()) {
                        Thread.sleep(gap.toMillis());
                    }
                }
            } catch (IOException | InterruptedException ignored) {
                // one side closed
            }
        }, "trickle-pump");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
