package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.PreFramed;
import io.wsboot.frame.OpCode;
import io.wsboot.support.Frames;
import io.wsboot.support.LocalServer;
import io.wsboot.support.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broadcast to members that do not read: every recipient queues a view of the one frame, so
 * memory grows by the frame, not by the frame times the members. (It used to copy the frame
 * into each queue: 300 idle members and six 1 MB messages cost 618 MB.)
 */
class BroadcastMemoryTest {
    private static final int MEMBERS = 40;
    private static final int MESSAGE = 512 * 1024;
    /** Half from another thread, half from a handler: 6 MiB per member, more than the kernel buffers for it. */
    private static final int MESSAGES = 12;

    @RegisterExtension
    final LocalServer server = new LocalServer();

    private final List<Conn> members = new CopyOnWriteArrayList<>();

    /** Heap in use after a full collection, plus direct buffers (the pooled chunks live there). */
    private static long memoryInUse() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + direct;
    }

    @Test
    void recipientsShareOneCopyOfABroadcast() throws Exception {
        CountDownLatch joined = new CountDownLatch(MEMBERS + 1);
        Handler chat = new Handler() {
            @Override
            public void afterInit(Conn conn) {
                members.add(conn);
                joined.countDown();
            }

            @Override
            public void handle(Conn conn, Message message) {
                // on the sender's loop: a broadcast from a handler
                PreFramed f = PreFramed.binary(Frames.random(MESSAGE, message.length()));
                members.forEach(m -> m.writeFramed(f));
            }
        };
        int port = server.start(WsServer.builder().maxSize(1 << 20).maxQueuedBytes(64L << 20).handler("/room", chat));
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            Socket s = new Socket();
            s.setReceiveBufferSize(4096); // reads nothing, buffers little
            s.bind(new InetSocketAddress("127.0.1." + (1 + i), 0)); // members on addresses of their own
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.getOutputStream().write(RawClient.request("/room").getBytes());
            silent.add(s);
        }
        try (RawClient speaker = RawClient.open(port, "/room")) {
            assertTrue(joined.await(10, TimeUnit.SECONDS));
            long before = memoryInUse();
            for (int i = 0; i < MESSAGES / 2; i++) { // from another thread
                PreFramed f = PreFramed.binary(Frames.random(MESSAGE, i));
                members.forEach(m -> m.writeFramed(f));
            }
            for (int i = 0; i < MESSAGES / 2; i++) { // from a handler on a loop
                speaker.send(Frames.client(OpCode.TEXT, "go " + i));
            }
            Thread.sleep(500);
            long grown = memoryInUse() - before;
            long logical = (long) MESSAGES * MESSAGE * MEMBERS;
            System.out.println("broadcast: memory grew by " + grown / 1024 + " KiB for " + logical / 1024 + " KiB queued");
            assertTrue(grown < 2L * MESSAGES * MESSAGE, "memory grew by " + grown / 1024 + " KiB for " + logical / 1024
                    + " KiB queued to members that do not read");
            assertEquals(MEMBERS + 1, server.get().openSessionCount(), "nobody was dropped");
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
    }
}
