package org.threadlab.vertx;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.function.Consumer;
import org.threadlab.core.engine.ConnectionClock;
import org.threadlab.netty.ClockTimer;

/**
 * {@code --idle-timeout} and {@code --read-timeout} for one Vert.x connection, on its event loop.
 * The policy is core's {@link ConnectionClock}, scheduled by the Netty engine's {@link ClockTimer}
 * (Vert.x is Netty underneath); this watch only feeds it.
 *
 * <p>Vert.x parses a request's head before any public handler runs, so nothing public can see
 * the first byte of a head that trickles in. This watch is therefore a Netty handler put first in
 * the connection's pipeline (see {@link ApiVerticle}), where it sees every read before the
 * decoder; the request and response events come from the verticle's handlers. Both run on the
 * connection's event loop, so the clock needs no synchronisation. A read timeout with a head in
 * is answered core's 408 (through Vert.x, which can still answer); one with no head (it never
 * finished) just closes.
 *
 */
final class ConnectionWatch extends ChannelInboundHandlerAdapter {
    /** The name of this handler in the pipeline. */
    static final String NAME = "threadlab-connection-watch";

    private final Duration idleTimeout;
    private final Duration readTimeout;
    /** Answers a request whose body did not arrive in time (core's 408), then closes. */
    private final Consumer<HttpServerRequest> timedOut;

    private ChannelHandlerContext ctx;
    private ClockTimer timer;
    /** The request whose head was dispatched and whose body is still being read, if any. */
    private HttpServerRequest current;

    ConnectionWatch(Duration idleTimeout, Duration readTimeout, Consumer<HttpServerRequest> timedOut) {
        this.idleTimeout = idleTimeout;
        this.readTimeout = readTimeout;
        this.timedOut = timedOut;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Just connected: waiting for the first request.
        timer = new ClockTimer(ctx, idleTimeout, readTimeout, this::expired);
        timer.rearm();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        timer.clock().bytesRead(timer.now());
        timer.rearm();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.closed();
        ctx.fireChannelInactive();
    }

    /** Vert.x dispatched the request's head; its body follows. */
    void requestStarted(HttpServerRequest request) {
        assert ctx.executor().inEventLoop() : "the verticle's handlers run on the connection's event loop";
        current = request;
        timer.clock().requestStarted(timer.now());
        timer.rearm();
    }

    /** The request has been read completely: it is served with no deadline. */
    void requestReceived() {
        current = null;
        timer.clock().requestReceived();
    }

    /** The response to a request has been ended. */
    void responded() {
        assert ctx.executor().inEventLoop() : "the verticle's handlers run on the connection's event loop";
        timer.clock().responded(timer.now());
        timer.rearm();
    }

    private void expired(ConnectionClock.Expiry expiry) {
        HttpServerRequest request = current;
        current = null;
        if (expiry == ConnectionClock.Expiry.READ && request != null) {
            // The head is in, the body is late: Vert.x can still answer.
            timedOut.accept(request);
        } else {
            // Idle, or a head that never finished: there is no request to answer.
            ctx.close();
        }
    }
}
