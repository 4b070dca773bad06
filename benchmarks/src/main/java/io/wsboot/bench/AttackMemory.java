package io.wsboot.bench;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.PreFramed;
import io.wsboot.server.WsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What two attacks of the hardening review cost the server, in one JVM (server and attackers),
 * with nothing but the public API, so the same program measures any build:
 *
 * <pre>
 *   announced CONNS            CONNS connections each send a frame header announcing 1 MiB, then one byte
 *   broadcast MEMBERS MESSAGES SIZE   MEMBERS connections that never read; MESSAGES pre-framed messages
 *                              of SIZE bytes written to all of them (half from a handler, half from another thread)
 * </pre>
 *
 * Prints the growth of heap (after full GCs) plus direct buffers, in total and per connection.
 * Attackers connect from addresses of their own (127.0.x.y), as many clients would.
 */
public final class AttackMemory {
    private AttackMemory() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        List<Conn> members = new CopyOnWriteArrayList<>();
        int conns = Integer.parseInt(args[1]);
        CountDownLatch joined = new CountDownLatch(conns);
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Handler room = new Handler() {
            @Override
            public void afterInit(Conn conn) {
                members.add(conn);
                joined.countDown();
            }

            @Override
            public void handle(Conn conn, Message message) {
                PreFramed f = PreFramed.binary(new byte[size]);
                members.forEach(m -> m.writeFramed(f));
            }
        };
        WsServer server = WsServer.builder().port(0).address("127.0.0.1").maxSize(1 << 20).maxQueuedBytes(64L << 20)
                .eventLoops(2).handler("/room", room).start();
        long before = memoryInUse();
        List<Socket> sockets = new ArrayList<>();
        try {
            if (mode.equals("announced")) {
                for (int i = 0; i < conns; i++) {
                    Socket s = open(server.port(), i);
                    s.getOutputStream().write(announced());
                    sockets.add(s);
                }
                joined.await(30, TimeUnit.SECONDS);
                Thread.sleep(500);
            } else {
                int messages = Integer.parseInt(args[2]);
                for (int i = 0; i < conns; i++) {
                    sockets.add(open(server.port(), i));
                }
                joined.await(30, TimeUnit.SECONDS);
                before = memoryInUse();
                for (int i = 0; i < messages / 2; i++) {
                    PreFramed f = PreFramed.binary(new byte[size]);
                    members.forEach(m -> m.writeFramed(f)); // from this thread
                }
                Socket speaker = open(server.port(), conns);
                sockets.add(speaker);
                for (int i = 0; i < messages - messages / 2; i++) {
                    speaker.getOutputStream().write(maskedText("go")); // the handler broadcasts from its loop
                }
                Thread.sleep(2000);
            }
            long grown = memoryInUse() - before;
            System.out.printf("%s: memory +%.1f MiB, %.1f KiB per connection, %d connections open%n", String.join(" ", args),
                    grown / 1048576.0, grown / 1024.0 / conns, server.connectionCount());
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            server.stop();
        }
    }

    private static Socket open(int port, int i) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.bind(new InetSocketAddress("127.0." + (10 + i / 250) + "." + (1 + i % 250), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = s.getOutputStream();
        out.write(("GET /room HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return s;
    }

    /** A masked binary frame header announcing 1 MiB (64-bit length), then one payload byte. */
    private static byte[] announced() {
        return new byte[] {(byte) 0x82, (byte) (0x80 | 127), 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4, 0x55};
    }

    private static byte[] maskedText(String text) {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[6 + p.length];
        f[0] = (byte) 0x81;
        f[1] = (byte) (0x80 | p.length);
        for (int i = 0; i < p.length; i++) {
            f[6 + i] = p[i]; // mask key 0: the payload as it is
        }
        return f;
    }

    /** Heap in use after full collections, plus direct buffers (the pooled chunks live there). */
    private static long memoryInUse() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + direct;
    }
}
