package org.threadlab.vertx;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code --idle-timeout} and {@code --read-timeout} for one connection, on its event loop.
 *
 * <p>The connection is in one of three states, and only two of them have a deadline:
 * <ul>
 *   <li>waiting (no request in progress: just opened, or kept alive after a response): closed
 *       {@code --idle-timeout} after it started waiting;</li>
 *   <li>receiving (from the first byte of a request until Vert.x has read its body): cut off
 *       {@code --read-timeout} after that first byte, with a 408 when the head has been read;</li>
 *   <li>serving (the request is complete and waits for the database): no deadline at all, so a
 *       slow database never cuts a request.</li>
 * </ul>
 *
 * <p>Vert.x parses a request's head before any public handler runs, so nothing public can see
 * the first byte of a head that trickles in. This watch is therefore a Netty handler put first in
 * the connection's pipeline (see {@link ApiVerticle}), where it sees every read before the
 * decoder; the request and response events come from the verticle's handlers. Both run on the
 * connection's event loop, so the state needs no synchronisation.
 *
 * <p>Cost: a read does one field test; a state change writes a deadline. There is at most one
 * scheduled task per connection, moved only when a deadline comes earlier than the one it is set
 * for; when it fires early it re-arms itself for what is left. A keep-alive connection under load
 * thus schedules about one task per {@code --read-timeout}, not one per request.
 */
final class ConnectionWatch extends ChannelInboundHandlerAdapter implements Runnable {
    /** The name of this handler in the pipeline. */
    static final String NAME = "threadlab-connection-watch";
    private static final long NONE = Long.MAX_VALUE;

    private final long idleNanos;
    private final long readNanos;
    /** Answers a request whose body did not arrive in time (core's 408), then closes. */
    private final Consumer<HttpServerRequest> timedOut;

    private ChannelHandlerContext ctx;
    /** Bytes of a request have arrived and Vert.x has not yet delivered its end. */
    private boolean receiving;
    /** The request whose head was dispatched and whose body is still being read, if any. */
    private HttpServerRequest current;
    /** Requests dispatched whose response has not been ended. */
    private int open;
    private long deadline;
    private ScheduledFuture<?> timer;
    private long timerAt;

    ConnectionWatch(Duration idleTimeout, Duration readTimeout, Consumer<HttpServerRequest> timedOut) {
        this.idleNanos = idleTimeout.toNanos();
        this.readNanos = readTimeout.toNanos();
        this.timedOut = timedOut;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Just connected: waiting for the first request.
        setDeadline(System.nanoTime() + idleNanos);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!receiving) {
            receiving = true;
            setDeadline(System.nanoTime() + readNanos);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadline = NONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }

    /** Vert.x dispatched the request's head; its body follows. */
    void requestStarted(HttpServerRequest request) {
        assert ctx.executor().inEventLoop() : "the verticle's handlers run on the connection's event loop";
        current = request;
        open++;
        if (!receiving || deadline == NONE) {
            // A pipelined request, read while the one before was served: its clock starts now.
            receiving = true;
            setDeadline(System.nanoTime() + readNanos);
        }
    }

    /** The request has been read completely: it is served with no deadline. */
    void requestReceived() {
        current = null;
        receiving = false;
        deadline = NONE;
    }

    /** The response to a request has been ended: the connection waits for the next one. */
    void responded() {
        assert ctx.executor().inEventLoop() : "the verticle's handlers run on the connection's event loop";
        open--;
        if (open == 0) {
            // Bytes of a next request may already be here (pipelining): then its clock restarts now,
            // as Vert.x did not read on while the one before was served.
            setDeadline(System.nanoTime() + (receiving ? readNanos : idleNanos));
        }
    }

    private void setDeadline(long at) {
        deadline = at;
        if (timer == null || timerAt - at > 0) {
            if (timer != null) {
                timer.cancel(false);
            }
            arm(at, at - System.nanoTime());
        }
    }

    private void arm(long at, long delayNanos) {
        timerAt = at;
        try {
            timer = ctx.executor().schedule(this, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down, and the connection with it.
            timer = null;
        }
    }

    /** The scheduled task: expire, or re-arm for the deadline that moved since it was set. */
    @Override
    public void run() {
        timer = null;
        if (deadline == NONE || !ctx.channel().isActive()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            arm(deadline, left);
            return;
        }
        if (receiving) {
            if (current != null) {
                // The head is in, the body is late: Vert.x can still answer.
                HttpServerRequest request = current;
                current = null;
                deadline = NONE;
                timedOut.accept(request);
            } else if (open == 0) {
                // A head that never finished: there is no request to answer.
                ctx.close();
            } else {
                // Bytes of a pipelined request while an earlier one waits for the database: Vert.x
                // holds them unread, which is not the client's delay; responded() restarts the clock.
                deadline = NONE;
            }
        } else if (open == 0) {
            ctx.close();
        }
    }
}
