package org.threadlab.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.threadlab.core.db.DelayScheduler;

/**
 * The database's timers on Netty's I/O event loops: a query issued from an event loop completes
 * on that same loop (Netty schedules to the nanosecond, no millisecond rounding), so a non-blocking
 * model on Netty never leaves its loop. Called from any other thread, the task runs on one of the
 * loops.
 */
final class EventLoopTimers implements DelayScheduler {
    private final EventLoopGroup loops;

    EventLoopTimers(EventLoopGroup loops) {
        this.loops = loops;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        EventExecutor loop = current();
        if (delayNanos <= 0) {
            // Never inline: the caller expects the task to run after schedule returns.
            ScheduledFuture<?> next = loop.schedule(task, 0, TimeUnit.NANOSECONDS);
            return () -> next.cancel(false);
        }
        ScheduledFuture<?> timer = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> timer.cancel(false);
    }

    /** The loop the caller runs on; a group holds a handful (--io-threads), so the walk is short. */
    private EventExecutor current() {
        for (EventExecutor loop : loops) {
            if (loop.inEventLoop()) {
                return loop;
            }
        }
        return loops.next();
    }
}
