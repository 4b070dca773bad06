package io.wsboot.spring.autoconfigure.broker;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The one thread that talks to Redis for this instance's relay and presence, so that callers (the
 * event loops among them) never wait for Redis, and what they asked is done in the order asked.
 * Consecutive publishes go out pipelined. When Redis fails, the relay is DOWN: that is logged once,
 * what was queued and what is asked meanwhile fails at once (counted, never sent late), and a probe
 * every {@value #PROBE_MS} ms brings it back UP, after which {@code onUp} runs (presence re-sync).
 */
final class RedisWorker {
    private static final System.Logger LOG = System.getLogger(RedisWorker.class.getName());
    private static final long PROBE_MS = 500;
    private static final int BATCH = 256;

    /** One thing to do with Redis, on the worker's thread. */
    interface Op {
        void run(RedisConnection c);

        /** It will not run: Redis is down, or the queue was full. */
        void failed();

        /** A publish, which may go out pipelined with its neighbours. */
        default boolean pipelines() {
            return false;
        }

        /** The bytes it holds while it waits (a publish's message). */
        default int bytes() {
            return 0;
        }
    }

    private final RedisConnectionFactory factory;
    private final ArrayBlockingQueue<Op> queue;
    /** Bytes the queued ops hold, bounded by maxBytes: a burst of large messages while Redis is slow cannot fill the heap. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxBytes;
    private final long tickNanos;
    private Consumer<RedisConnection> tick = c -> { };
    private Consumer<RedisConnection> onUp = c -> { };
    private final Thread thread;
    /** Null until connected; dropped on failure. Worker thread only. */
    private RedisConnection conn;
    private volatile boolean up = true; // until the first failure: what is asked before connecting waits in the queue
    private volatile boolean closed;
    private volatile String lastError = "";
    final LongAdder failedOps = new LongAdder();

    /** @param tickEvery how often {@link #tasks}' tick runs while up */
    RedisWorker(RedisConnectionFactory factory, int capacity, long maxBytes, Duration tickEvery) {
        this.factory = factory;
        this.maxBytes = maxBytes;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.tickNanos = tickEvery.toNanos();
        this.thread = new Thread(this::run, "ws-redis-relay");
        this.thread.setDaemon(true);
    }

    /**
     * Before {@link #start}: {@code tick} runs every tick while up (the presence heartbeat),
     * {@code onUp} when Redis is back after a failure (the presence re-sync).
     */
    void tasks(Consumer<RedisConnection> tick, Consumer<RedisConnection> onUp) {
        this.tick = tick;
        this.onUp = onUp;
    }

    void start() {
        thread.start();
    }

    boolean isUp() {
        return up;
    }

    String lastError() {
        return lastError;
    }

    int queued() {
        return queue.size();
    }

    /** Queues {@code op}; false (and {@code op.failed()}) when Redis is down or the queue is full (ops or bytes). */
    boolean submit(Op op) {
        int b = op.bytes();
        if (closed || !up || queuedBytes.addAndGet(b) > maxBytes || !queue.offer(op)) {
            queuedBytes.addAndGet(-b);
            failedOps.increment();
            op.failed();
            return false;
        }
        return true;
    }

    /** Bytes held by what waits for Redis. */
    long queuedBytes() {
        return queuedBytes.get();
    }

    /** Stops the thread (what is still queued fails), waiting at most {@code wait}; closes the connection. */
    void close(Duration wait) {
        closed = true;
        thread.interrupt();
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Op> batch = new ArrayList<>(BATCH);
        long nextTick = System.nanoTime() + tickNanos;
        try {
            while (!closed) {
                if (!up && !probe()) {
                    Thread.sleep(PROBE_MS);
                    continue;
                }
                Op first = queue.poll(Math.max(0, nextTick - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (System.nanoTime() - nextTick >= 0) {
                    nextTick = System.nanoTime() + tickNanos;
                    safely(tick);
                }
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    execute(batch);
                    released(batch);
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            // closing
        } finally {
            failAll(batch, 0);
            failAll(new ArrayList<>(queue), 0);
            queue.clear();
            dropConnection();
        }
    }

    /** Runs the ops in order, consecutive publishes pipelined; on failure the rest fail and the relay is down. */
    private void execute(List<Op> batch) {
        int i = 0;
        try {
            RedisConnection c = connection();
            while (i < batch.size()) {
                int end = i + 1;
                while (end < batch.size() && batch.get(i).pipelines() && batch.get(end).pipelines()) {
                    end++;
                }
                if (end - i > 1) {
                    c.openPipeline();
                    for (int k = i; k < end; k++) {
                        batch.get(k).run(c);
                    }
                    c.closePipeline();
                } else {
                    batch.get(i).run(c);
                }
                i = end;
            }
        } catch (RuntimeException e) {
            down(e);
            failAll(batch, i);
        }
    }

    private void failAll(List<Op> ops, int from) {
        for (int k = from; k < ops.size(); k++) {
            failedOps.increment();
            ops.get(k).failed();
        }
    }

    /** Ops taken off the queue (run or failed) no longer hold their bytes. */
    private void released(List<Op> ops) {
        long b = 0;
        for (Op op : ops) {
            b += op.bytes();
        }
        queuedBytes.addAndGet(-b);
    }

    private RedisConnection connection() {
        if (conn == null) {
            conn = factory.getConnection();
        }
        return conn;
    }

    private void down(RuntimeException e) {
        lastError = String.valueOf(e.getMessage());
        if (up && !closed) {
            up = false; // logged once, not per message
            LOG.log(System.Logger.Level.WARNING, "Redis relay DOWN: " + lastError + "; local delivery goes on,"
                    + " publishes to other instances fail (counted) until Redis is back", e);
        }
        dropConnection();
        List<Op> pending = new ArrayList<>();
        queue.drainTo(pending);
        failAll(pending, 0);
        released(pending);
    }

    /** While down: connects and pings; true when Redis answers again. */
    private boolean probe() {
        try {
            connection().ping();
        } catch (RuntimeException e) {
            lastError = String.valueOf(e.getMessage());
            dropConnection();
            return false;
        }
        up = true;
        LOG.log(System.Logger.Level.INFO, "Redis relay UP again");
        safely(onUp);
        return true;
    }

    private void dropConnection() {
        if (conn != null) {
            try {
                conn.close();
            } catch (RuntimeException ignored) {
                // it is broken already
            }
            conn = null;
        }
    }

    private void safely(Consumer<RedisConnection> work) {
        try {
            work.accept(connection());
        } catch (RuntimeException e) {
            down(e);
        }
    }
}
