package org.threadlab.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.TransportFailure;
import org.threadlab.core.engine.ConnectionClock;

/**
 * {@code --idle-timeout} and {@code --read-timeout} for one connection on Netty, first in its
 * pipeline so that it sees every byte before the codec. The policy is core's
 * {@link ConnectionClock}, scheduled by a {@link ClockTimer}; this handler only feeds it (bytes read
 * here, a request handed to the model and its response written from {@link ApiHandler}). A read
 * timeout writes core's 408 and closes; an idle one closes.
 *
 * <p>Netty's {@code IdleStateHandler} and {@code ReadTimeoutHandler} do not fit: both count time
 * without reads, so they cut requests waiting for the database and let tricklers through.
 *
 * <p>All methods run on the channel's event loop.
 */
final class ConnectionTimeouts extends ChannelInboundHandlerAdapter {
    private final Api api;
    private final Duration idleTimeout;
    private final Duration readTimeout;
    private ChannelHandlerContext ctx;
    private ClockTimer timer;

    ConnectionTimeouts(Api api, Duration idleTimeout, Duration readTimeout) {
        this.api = api;
        this.idleTimeout = idleTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        timer = new ClockTimer(ctx, idleTimeout, readTimeout, this::expired);
        if (ctx.channel().isActive()) {
            timer.rearm();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer.rearm();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf data && data.isReadable()) {
            // while serving, only noted: the next request's clock starts when this one is answered
            timer.clock().bytesRead(timer.now());
            timer.rearm();
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * {@link ApiHandler} has a whole request and serves it. False when the connection is being
     * closed (its 408 is on the way): the request must not be answered.
     */
    boolean serving() {
        if (timer.clock().isClosed()) {
            return false;
        }
        timer.clock().requestReceived();
        return true;
    }

    /** {@link ApiHandler} has written a response. */
    void served() {
        timer.clock().responded(timer.now());
        timer.rearm();
    }

    private void expired(ConnectionClock.Expiry expiry) {
        if (expiry == ConnectionClock.Expiry.IDLE) {
            ctx.close();
            return;
        }
        // A late request: nothing is being answered on this connection, so the 408 is the next response.
        ctx.channel().config().setAutoRead(false);
        ctx.channel().writeAndFlush(ApiHandler.toNetty(HttpVersion.HTTP_1_1,
                api.transportFailure(TransportFailure.REQUEST_TIMEOUT))).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.cancel();
    }
}
