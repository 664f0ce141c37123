package org.threadlab.core.db;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The database's connection limit: at most {@code size} queries run at once and the others
 * wait first come, first served. A waiter is a future, so that a blocking caller can wait on
 * it and a non-blocking caller can chain on it: one queue serves both faces.
 */
final class QueryPool {
    private static final CompletableFuture<Void> GRANTED = CompletableFuture.completedFuture(null);

    private final int size;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger peakInUse = new AtomicInteger();

    /** @param size slots; 0 = unlimited */
    QueryPool(int size) {
        this.size = size;
    }

    /** A future that completes when the caller holds a slot; it must then call {@link #release}. */
    CompletableFuture<Void> acquire() {
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
    void release() {
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
    boolean abandon(CompletableFuture<Void> waiter, DatabaseException reason) {
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

    int inUse() {
        return inUse.get();
    }

    int peakInUse() {
        return peakInUse.get();
    }

    int waiting() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        return size;
    }
}
