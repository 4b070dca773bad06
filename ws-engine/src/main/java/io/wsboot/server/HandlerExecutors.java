package io.wsboot.server;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor handlers run on when they are moved off the event loops: a virtual thread per
 * task when the JVM has them (Java 21+), else a bounded pool of platform threads.
 */
public final class HandlerExecutors {
    private HandlerExecutors() {
    }

    /** Whether this JVM can create virtual threads. */
    public static boolean virtualThreadsAvailable() {
        return virtualFactory() != null;
    }

    /** Virtual threads if available, else {@link #newBoundedPool(int)} with 8 threads per core. */
    public static ExecutorService newDefault() {
        ExecutorService v = newVirtual();
        return v != null ? v : newBoundedPool(8 * Runtime.getRuntime().availableProcessors());
    }

    /** A virtual-thread-per-task executor, or null before Java 21. */
    public static ExecutorService newVirtual() {
        Method m = virtualFactory();
        if (m == null) {
            return null;
        }
        try {
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** At most {@code threads} daemon threads named {@code ws-handler-N}; idle ones time out. */
    public static ExecutorService newBoundedPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "ws-handler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static Method virtualFactory() {
        try {
            return java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
