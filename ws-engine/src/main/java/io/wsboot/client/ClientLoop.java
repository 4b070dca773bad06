package io.wsboot.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client event loop: a selector thread that reads for the {@link LoopChannel}s registered on
 * it, into one shared read buffer, and runs tasks other threads hand it.
 */
final class ClientLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(ClientLoop.class.getName());
    static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Loop threads are named from this. */
    static final String NAME_PREFIX = "ws-client-loop-";

    final Thread thread;
    final Selector selector;
    /** Shared by this loop's connections: a connection's input is fully decoded before the next read. */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** A TLS input buffer between uses: a wss:// connection holds one only while it has a partial record. */
    private ByteBuffer spareNetIn;
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile boolean terminated;

    ClientLoop(String name) throws IOException {
        selector = Selector.open();
        thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop soon (from any thread). */
    void execute(Runnable task) {
        if (terminated) {
            task.run(); // nothing will run it on the loop: it meets the closed selector and ends
            return;
        }
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    void shutdown() {
        stopping = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                wakeupPending.set(false);
                if (tasks.isEmpty()) {
                    selector.select(this::onKey);
                } else {
                    selector.selectNow(this::onKey);
                }
                runTasks();
            }
        } catch (ClosedSelectorException e) {
            // closed under us
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "client event loop " + thread.getName() + " failed", t);
        } finally {
            terminated = true;
            runTasks(); // registrations still queued end below with the rest
            endAll();
            runTasks();
        }
    }

    private void onKey(SelectionKey k) {
        LoopChannel c = (LoopChannel) k.attachment();
        try {
            c.onReady(k);
        } catch (Throwable t) {
            c.onFailure(t);
        }
    }

    private void runTasks() {
        for (int i = 0; i < 4096; i++) { // bounded: tasks that add tasks must not starve I/O
            Runnable t = tasks.poll();
            if (t == null) {
                return;
            }
            try {
                t.run();
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.ERROR, "task on " + thread.getName() + " failed", e);
            }
        }
    }

    /** The loop is going away: every connection still on it ends now (its handler's close runs). */
    private void endAll() {
        try {
            for (SelectionKey k : selector.keys()) {
                ((LoopChannel) k.attachment()).onLoopStopped();
            }
            selector.close();
        } catch (Throwable ignored) {
            // already closed
        }
    }

    /** A TLS input buffer of at least {@code size} bytes, empty (loop thread). */
    ByteBuffer takeNetIn(int size) {
        ByteBuffer b = spareNetIn;
        if (b != null && b.capacity() >= size) {
            spareNetIn = null;
            return b.clear();
        }
        return ByteBuffer.allocate(size);
    }

    /** Gives back an empty TLS input buffer (loop thread); one is kept for the next reader. */
    void giveNetIn(ByteBuffer b) {
        if (spareNetIn == null || b.capacity() > spareNetIn.capacity()) {
            spareNetIn = b;
        }
    }
}
