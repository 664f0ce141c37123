package org.threadlab.vertx;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.threadlab.core.db.DelayScheduler;

/**
 * The database's timers on Vert.x: a query issued from an event loop completes on that same
 * loop, and nothing ever sleeps.
 */
final class EventLoopTimers implements DelayScheduler {
    /** Below this a millisecond timer would more than double the wait: run on the next turn instead. */
    private static final long SHORTEST_TIMER_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final Vertx vertx;

    EventLoopTimers(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        if (delayNanos < SHORTEST_TIMER_NANOS) {
            // Never inline: the caller expects the task to run after schedule returns. From an
            // event loop, vertx.runOnContext queues it on that loop's own context.
            AtomicBoolean cancelled = new AtomicBoolean();
            vertx.runOnContext(v -> {
                if (!cancelled.get()) {
                    task.run();
                }
            });
            return () -> cancelled.set(true);
        }
        long timerId = vertx.setTimer(millis(delayNanos), id -> task.run());
        return () -> vertx.cancelTimer(timerId);
    }

    /** Vert.x timers count whole milliseconds: the nearest one, and at least one. */
    static long millis(long delayNanos) {
        return Math.max(1, Math.round(delayNanos / 1e6));
    }
}
