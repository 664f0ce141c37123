package org.threadlab.core.db;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The database's connection limit: at most {@code size} queries run at once and the others
 * wait first come, first served, for at most {@code --db-pool-timeout}. A waiter is a future, so
 * that a blocking caller can wait on it and a non-blocking caller can chain on it: one queue serves
 * both faces. The simulated database and PostgreSQL (in front of a driver pool of exactly
 * {@code size} connections) wait in this same queue, so that waits and timeouts mean the same.
 */
public final class QueryPool {
    private static final CompletableFuture<Void> GRANTED = CompletableFuture.completedFuture(null);

    private final int size;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger peakInUse = new AtomicInteger();
    private final LongAdder waits = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final long timeoutNanos;

    /**
     * @param size    slots; 0 = unlimited
     * @param timeout longest wait for a slot
     */
    public QueryPool(int size, java.time.Duration timeout) {
        this.size = size;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Takes a slot, waiting on the calling thread; the caller must then {@link #release} it.
     *
     * @throws DatabaseException.PoolTimeout when none became free in time
     */
    public void enter() {
        CompletableFuture<Void> slot = acquire();
        if (slot.isDone()) {
            return;
        }
        waits.increment();
        try {
            slot.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            DatabaseException timeout = new DatabaseException.PoolTimeout();
            if (abandon(slot, timeout)) {
                timeouts.increment();
                throw timeout;
            }
        } catch (InterruptedException e) {
            if (!abandon(slot, new DatabaseException.PoolTimeout())) {
                release();
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the pool", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Takes a slot without blocking: the future completes when the caller holds one (it must then
     * {@link #release} it), or fails with {@link DatabaseException.PoolTimeout} after the timeout,
     * timed by {@code scheduler}.
     */
    public CompletableFuture<Void> enterAsync(DelayScheduler scheduler) {
        CompletableFuture<Void> slot = acquire();
        if (slot.isDone()) {
            return slot;
        }
        waits.increment();
        CompletableFuture<Void> entered = new CompletableFuture<>();
        DelayScheduler.Cancellable timeout = scheduler.schedule(timeoutNanos, () -> {
            DatabaseException reason = new DatabaseException.PoolTimeout();
            if (abandon(slot, reason)) {
                timeouts.increment();
                entered.completeExceptionally(reason);
            }
        });
        slot.thenRun(() -> {
            timeout.cancel();
            entered.complete(null);
        });
        return entered;
    }

    /** A future that completes when the caller holds a slot; it must then call {@link #release}. */
    private CompletableFuture<Void> acquire() {
        if (size == 0) {
            peakInUse.accumulateAndGet(inUse.incrementAndGet(), Math::max);
            return GRANTED;
        }
        lock.lock();
        try {
            if (waiters.isEmpty() && inUse.get() < size) {
                peakInUse.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                return GRANTED;
            }
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            waiters.addLast(waiter);
            return waiter;
        } finally {
            lock.unlock();
        }
    }

    /** Hands the slot to the longest waiter still waiting, or frees it. */
    public void release() {
        while (true) {
            CompletableFuture<Void> next;
            lock.lock();
            try {
                next = waiters.pollFirst();
                if (next == null) {
                    inUse.decrementAndGet();
                    return;
                }
            } finally {
                lock.unlock();
            }
            if (next.complete(null)) {
                return;
            }
            // That waiter gave up at the same moment; offer the slot to the next one.
        }
    }

    /**
     * Gives up waiting. Returns false when the slot was granted in the meantime: the caller
     * then holds it after all and must use or release it.
     */
    private boolean abandon(CompletableFuture<Void> waiter, DatabaseException reason) {
        if (!waiter.completeExceptionally(reason)) {
            return false;
        }
        lock.lock();
        try {
            waiters.remove(waiter);
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** Slots held now. */
    public int inUse() {
        return inUse.get();
    }

    public int peakInUse() {
        return peakInUse.get();
    }

    /** Callers so far that had to wait for a slot. */
    public long waits() {
        return waits.sum();
    }

    /** Callers so far that gave up waiting. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Callers waiting now. */
    public int waiting() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        return size;
    }
}
