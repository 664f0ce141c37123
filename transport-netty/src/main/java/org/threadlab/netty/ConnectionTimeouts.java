package org.threadlab.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.TransportFailure;

/**
 * {@code --idle-timeout} and {@code --read-timeout} for one connection, first in its pipeline so
 * that it sees every byte before the codec. The connection is in one of three states, each with at
 * most one timer, set when the state is entered:
 * <ul>
 *   <li>IDLE, from the connect and from each response written with nothing left to serve: closed
 *       after {@code --idle-timeout};</li>
 *   <li>READING, from the first byte of a request: the whole request must arrive within
 *       {@code --read-timeout}, else core's 408 is written and the connection closed (a client that
 *       trickles a byte at a time is cut off however often it sends);</li>
 *   <li>SERVING, from the moment {@link ApiHandler} has the whole request until its response is
 *       written: no timer, so a request waiting for a slow database is never cut.</li>
 * </ul>
 * Netty's {@code IdleStateHandler} and {@code ReadTimeoutHandler} do not fit: both count time
 * without reads, so they cut requests waiting for the database and let tricklers through.
 *
 * <p>All methods run on the channel's event loop.
 */
final class ConnectionTimeouts extends ChannelInboundHandlerAdapter {
    private enum State { IDLE, READING, SERVING, CLOSING }

    private final Api api;
    private final long idleNanos;
    private final long readNanos;
    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private ScheduledFuture<?> timer;
    /** Bytes arrived while a request was served: the next request has begun. */
    private boolean readWhileServing;

    ConnectionTimeouts(Api api, Duration idleTimeout, Duration readTimeout) {
        this.api = api;
        this.idleNanos = idleTimeout.toNanos();
        this.readNanos = readTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            enter(State.IDLE);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (timer == null && state == State.IDLE) {
            enter(State.IDLE);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf data && data.isReadable()) {
            if (state == State.IDLE) {
                enter(State.READING);
            } else if (state == State.SERVING) {
                readWhileServing = true;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * {@link ApiHandler} has a whole request and serves it. False when the connection is being
     * closed (its 408 is on the way): the request must not be answered.
     */
    boolean serving() {
        readWhileServing = false;
        if (state == State.CLOSING) {
            return false;
        }
        enter(State.SERVING);
        return true;
    }

    /** {@link ApiHandler} has written its last response and reads on. */
    void served() {
        if (state == State.SERVING) {
            enter(readWhileServing ? State.READING : State.IDLE);
            readWhileServing = false;
        }
    }

    private void enter(State next) {
        state = next;
        cancel();
        long nanos = next == State.IDLE ? idleNanos : next == State.READING ? readNanos : 0;
        if (nanos > 0) {
            timer = ctx.executor().schedule(this::expired, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void expired() {
        timer = null;
        State expired = state;
        if (expired == State.SERVING || expired == State.CLOSING || !ctx.channel().isActive()) {
            return;
        }
        state = State.CLOSING;
        if (expired == State.IDLE) {
            ctx.close();
            return;
        }
        // READING: nothing is being answered on this connection, so the 408 is the next response.
        ctx.channel().config().setAutoRead(false);
        ctx.channel().writeAndFlush(ApiHandler.toNetty(HttpVersion.HTTP_1_1,
                api.transportFailure(TransportFailure.REQUEST_TIMEOUT))).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSING;
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }
}
