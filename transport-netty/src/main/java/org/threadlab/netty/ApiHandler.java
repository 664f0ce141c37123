package org.threadlab.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.ApiRequest;
import org.threadlab.core.api.ApiResponse;
import org.threadlab.core.api.TransportFailure;
import org.threadlab.core.engine.Model;
import org.threadlab.core.engine.Responder;

/**
 * The one adapter between Netty and the model, one instance per connection. The event loop hands
 * each whole request to the {@link Model}, which runs it where its model says (a pool thread, a
 * virtual thread, or right here with futures) and hands the answer back from whatever thread it is
 * on; Netty carries the write over to the event loop.
 *
 * <p>A connection has one request with the model at a time: reading stops while it is served and
 * requests that were already read wait here, so that pipelined responses leave in request order.
 * All fields are used on the event loop only.
 *
 * <p>What the engine rejects itself (a request it could not decode, an HTTP version other than 1.0
 * and 1.1) never reaches the API, but is still answered with core's body through
 * {@link Api#transportFailure}, and the connection is closed after it.
 */
final class ApiHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());

    private final Model model;
    private final Api api;
    private final ConnectionTimeouts timeouts;
    private final ArrayDeque<ReceivedRequest> waiting = new ArrayDeque<>();
    private boolean serving;
    private boolean failed;

    /**
     * @param model    runs each request
     * @param timeouts the connection's timers, told when a request is served and when it is done
     */
    ApiHandler(Model model, ConnectionTimeouts timeouts) {
        this.model = model;
        this.api = model.api();
        this.timeouts = timeouts;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ReceivedRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (serving) {
            waiting.add(request);
        } else {
            dispatch(ctx, request);
        }
    }

    private void dispatch(ChannelHandlerContext ctx, ReceivedRequest request) {
        if (!timeouts.serving()) {
            return; // cut off by --read-timeout: its 408 was the connection's last answer
        }
        serving = true;
        ctx.channel().config().setAutoRead(false);
        HttpRequest head = request.head();
        TransportFailure failure = transportFailure(head);
        if (failure != null) {
            write(ctx, false, toNetty(HttpVersion.HTTP_1_1, api.transportFailure(failure)));
            return;
        }
        ApiRequest apiRequest = ApiRequest.ofTarget(head.method().name(), head.uri(),
                head.headers().get(HttpHeaderNames.CONTENT_TYPE), request.body(), request.bodyTooLarge());
        model.serve(apiRequest, new Responder() {
            @Override
            public void respond(ApiResponse response) {
                write(ctx, request.keepAlive(), response(request, response));
            }

            @Override
            public void fail(Throwable error) {
                ctx.executor().execute(() -> exceptionCaught(ctx, error));
            }
        });
    }

    private void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        HttpHeaders headers = response.headers();
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!response.protocolVersion().isKeepAliveDefault()) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.writeAndFlush(response).addListener((ChannelFuture written) -> next(ctx, written, keepAlive));
    }

    /** On the event loop, once a response is written: serve the next request or read on. */
    private void next(ChannelHandlerContext ctx, ChannelFuture written, boolean keepAlive) {
        if (!written.isSuccess() || !keepAlive) {
            waiting.clear();
            ctx.close();
            return;
        }
        serving = false;
        timeouts.served();
        ReceivedRequest next = waiting.poll();
        if (next != null) {
            dispatch(ctx, next);
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static FullHttpResponse response(ReceivedRequest request, ApiResponse answer) {
        return toNetty(request.head().protocolVersion(), answer);
    }

    /** Core's answer as Netty's response: status, Content-Type, Content-Length, core's headers, body. */
    static FullHttpResponse toNetty(HttpVersion version, ApiResponse answer) {
        FullHttpResponse response = new DefaultFullHttpResponse(version,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
        HttpHeaders headers = response.headers();
        if (answer.contentType() != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        return response;
    }

    /**
     * Why the engine could not hand this request to the API, or null when it can: the decoder's
     * failure (a request line or headers over their limits, anything else it could not parse, a
     * bad chunk), or a version this server does not speak (Netty parses any {@code NAME/x.y}).
     */
    private static TransportFailure transportFailure(HttpRequest head) {
        DecoderResult result = head.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            return cause instanceof TooLongHttpLineException ? TransportFailure.REQUEST_LINE_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException ? TransportFailure.HEADERS_TOO_LARGE
                    : TransportFailure.MALFORMED;
        }
        HttpVersion version = head.protocolVersion();
        if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
            return TransportFailure.VERSION_NOT_SUPPORTED;
        }
        return null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!failed) {
            failed = true;
            // Resets and broken pipes are routine under load; anything else is worth a line.
            System.Logger.Level level = cause instanceof IOException ? System.Logger.Level.DEBUG
                    : System.Logger.Level.WARNING;
            LOG.log(level, () -> "closing " + ctx.channel().remoteAddress() + " after " + cause);
        }
        waiting.clear();
        ctx.close();
    }
}
