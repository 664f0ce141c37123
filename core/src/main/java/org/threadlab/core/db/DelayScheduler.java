package org.threadlab.core.db;

/**
 * Runs a task after a delay without blocking the caller. The reactive server passes one backed
 * by its event loop's timers, so that database completions arrive on the event loop.
 */
@FunctionalInterface
public interface DelayScheduler {

    /** Runs {@code task} after {@code delayNanos}; the returned handle cancels it. */
    Cancellable schedule(long delayNanos, Runnable task);

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
