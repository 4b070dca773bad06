package io.wsboot.server;


import java.time.Duration;

/**
 * Finds handlers that hold an event loop too long. Loops mark each handler call (an opaque
 * counter and the route: no clock read on the hot path); this thread samples the marks and,
 * when one call stays current past the threshold, logs a warning naming the handler, with the
 * loop's stack at that moment. One warning per stuck call.
 */
final class LoopWatchdog implements Runnable {
    private static final System.Logger LOG = System.getLogger(LoopWatchdog.class.getName());

    private final ServerLoop[] loops;
    private final long thresholdMs;
    private final long intervalMs;
    private final int[] lastSeq;
    private final int[] seen;
    private final int[] warnedSeq;
    private final Thread thread;
    private volatile boolean stopped;

    LoopWatchdog(ServerLoop[] loops, Duration threshold) {
        this.loops = loops;
        this.thresholdMs = Math.max(1, threshold.toMillis());
        this.intervalMs = Math.max(5, thresholdMs / 2);
        this.lastSeq = new int[loops.length];
        this.seen = new int[loops.length];
        this.warnedSeq = new int[loops.length];
        this.thread = new Thread(this, "ws-loop-watchdog");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        stopped = true;
        thread.interrupt();
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < loops.length; i++) {
                check(i);
            }
        }
    }

    private void check(int i) {
        ServerLoop loop = loops[i];
        Route r = loop.busyRoute();
        int seq = loop.busySeq();
        if (r == null || seq != lastSeq[i]) {
            seen[i] = 0;
            lastSeq[i] = seq;
            return;
        }
        seen[i]++;
        if (seen[i] * intervalMs >= thresholdMs && warnedSeq[i] != seq) {
            warnedSeq[i] = seq;
            Throwable where = new Throwable("stack of " + loop.thread().getName());
            where.setStackTrace(loop.thread().getStackTrace());
            LOG.log(System.Logger.Level.WARNING, "handler " + r.describe() + " has held event loop "
                    + loop.thread().getName() + " for more than " + thresholdMs + " ms; every connection on that loop"
                    + " waits meanwhile. Run blocking handlers on an executor (WsServer.Builder.offloadHandlers(),"
                    + " ws.handler-executor).", where);
        }
    }
}
