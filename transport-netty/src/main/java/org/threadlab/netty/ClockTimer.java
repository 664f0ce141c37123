package org.threadlab.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.threadlab.core.engine.ConnectionClock;

/**
 * Core's {@link ConnectionClock} scheduled on a Netty channel's event loop: the one piece of
 * timeout code an engine on Netty keeps (this engine's {@link ConnectionTimeouts} and the Vert.x
 * engine's watch, Vert.x being Netty underneath). One timer per connection, no later than the
 * clock's deadline, moved only when the deadline comes earlier than it; one that fires early finds
 * nothing due and re-arms for what is left, so a keep-alive connection under load schedules about
 * one task per {@code --read-timeout}, not one per request. Every method runs on the event loop.
 */
public final class ClockTimer implements Runnable {
    private final ChannelHandlerContext ctx;
    private final ConnectionClock clock;
    /** What to do when the clock expires: close (idle) or answer 408 and close (read). */
    private final Consumer<ConnectionClock.Expiry> expired;
    private ScheduledFuture<?> timer;
    private long timerAt;

    public ClockTimer(ChannelHandlerContext ctx, Duration idleTimeout, Duration readTimeout,
                      Consumer<ConnectionClock.Expiry> expired) {
        this.ctx = ctx;
        this.expired = expired;
        this.clock = new ConnectionClock(idleTimeout, readTimeout, now());
    }

    /** The clock, to tell it what happened; call {@link #rearm} after. */
    public ConnectionClock clock() {
        return clock;
    }

    /** The event loop's time (a test's frozen one on an EmbeddedChannel; System.nanoTime otherwise). */
    public long now() {
        return ctx.executor().ticker().nanoTime();
    }

    /** Keeps one timer no later than the clock's deadline (none while serving). */
    public void rearm() {
        long deadline = clock.deadline();
        if (deadline == ConnectionClock.NONE || timer != null && timerAt - deadline <= 0) {
            return;
        }
        cancel();
        timerAt = deadline;
        try {
            timer = ctx.executor().schedule(this, Math.max(0, deadline - now()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            timer = null; // the event loop is shutting down, and the connection with it
        }
    }

    /** The connection is gone. */
    public void closed() {
        clock.closed();
        cancel();
    }

    public void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The scheduled task: expire what is due, or re-arm for a deadline that moved since it was set. */
    @Override
    public void run() {
        timer = null;
        if (!ctx.channel().isActive()) {
            clock.closed();
            return;
        }
        ConnectionClock.Expiry expiry = clock.expire(now());
        if (expiry == ConnectionClock.Expiry.NOT_YET) {
            rearm();
        } else {
            expired.accept(expiry);
        }
    }
}
