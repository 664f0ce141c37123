package org.threadlab.blocking;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.threadlab.core.api.WorkerPoolStats;

/**
 * A fixed pool of platform threads with a bounded queue, as a servlet container has: at most
 * {@code threads} tasks run at once, at most {@code queueCapacity} wait, and the next one is
 * refused with {@link java.util.concurrent.RejectedExecutionException} rather than queued
 * without bound. Threads are started on demand and named {@code <name>-1}, {@code <name>-2}...
 */
final class WorkerPool extends ThreadPoolExecutor {
    private final int queueCapacity;

    private WorkerPool(String name, int threads, int queueCapacity) {
        super(threads, threads, 0L, TimeUnit.MILLISECONDS, queue(queueCapacity), threadFactory(name),
                new AbortPolicy());
        this.queueCapacity = queueCapacity;
    }

    /**
     * @param queueCapacity tasks that may wait for a thread; 0 hands each task straight to an idle
     *                      thread or refuses it
     */
    static WorkerPool create(String name, int threads, int queueCapacity) {
        return new WorkerPool(name, threads, queueCapacity);
    }

    private static BlockingQueue<Runnable> queue(int capacity) {
        return capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
    }

    private static java.util.concurrent.ThreadFactory threadFactory(String name) {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + next.incrementAndGet());
            // Daemon, so that a pool left open by mistake cannot keep the JVM alive; close() still stops them.
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The pool's figures for /stats. */
    WorkerPoolStats stats() {
        return new WorkerPoolStats(getPoolSize(), getActiveCount(), getQueue().size(), queueCapacity,
                getCompletedTaskCount());
    }

    /**
     * Refuses new tasks, lets the running and queued ones finish within {@code grace}, then
     * interrupts what is left. Returns true when every thread has ended.
     */
    boolean stop(Duration grace) {
        shutdown();
        try {
            if (awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
            shutdownNow();
            return awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
