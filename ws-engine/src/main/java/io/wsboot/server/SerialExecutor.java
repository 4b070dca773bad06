package io.wsboot.server;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one connection's handler calls on a shared executor one at a time, in order. Gives the
 * thread back after a batch so one busy connection cannot hold a pool thread forever.
 */
final class SerialExecutor implements Runnable {
    private static final int BATCH = 64;
    private final Executor executor;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>(4);
    private boolean running;

    SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    void execute(Runnable task) {
        synchronized (this) {
            queue.addLast(task);
            if (running) {
                return;
            }
            running = true;
        }
        submit();
    }

    private void submit() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            // the executor is shut down: run here rather than lose a close callback
            run();
        }
    }

    @Override
    public void run() {
        for (int i = 0; i < BATCH; i++) {
            Runnable task;
            synchronized (this) {
                task = queue.pollFirst();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            task.run();
        }
        submit();
    }
}
