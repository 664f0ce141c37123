package org.threadlab.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;
import org.threadlab.core.api.Api;

/**
 * Joins the decoder's request head and content pieces into one {@link ReceivedRequest}, keeping
 * at most {@link Api#MAX_BODY_BYTES} of body. A longer body is read and dropped, and the request
 * goes on with {@code bodyTooLarge} set, so that the core, not this transport, writes the 413.
 *
 * <p>Netty's {@code HttpObjectAggregator} is not used because it answers an oversized request
 * itself, with its own response.
 */
final class BoundedRequestAggregator extends ChannelInboundHandlerAdapter {
    /**
     * How much of an oversized body is read and dropped to keep the connection usable (as Tomcat's
     * maxSwallowSize); past it the request is answered at once and the connection closed after.
     */
    static final long SWALLOW_LIMIT = 2L * 1024 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private HttpRequest head;
    private byte[] body = EMPTY;
    private int size;
    private boolean tooLarge;
    private long dropped;
    /** The request was passed on before its body ended; the rest of the body is dropped. */
    private boolean passedOn;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (msg instanceof HttpRequest request) {
                begin(ctx, request);
            }
            if (head != null && msg instanceof HttpContent content) {
                append(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            // The decoder drops all further input; the handler answers and closes.
            reset();
            ctx.fireChannelRead(new ReceivedRequest(request, EMPTY, false, false));
            return;
        }
        reset();
        head = request;
        long declared = HttpUtil.getContentLength(request, -1L);
        tooLarge = declared > Api.MAX_BODY_BYTES;
        if (declared > 0 && !tooLarge) {
            body = new byte[(int) declared];
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            if (tooLarge) {
                // The client may or may not send the body after a final answer, so the connection
                // cannot be trusted for another request.
                passOn(ctx, false);
            } else {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                        Unpooled.EMPTY_BUFFER));
            }
        }
    }

    private void append(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (content.decoderResult().isFailure()) {
            if (!passedOn) {
                head.setDecoderResult(content.decoderResult());
                passOn(ctx, false);
            }
            reset();
            return;
        }
        ByteBuf data = content.content();
        int n = data.readableBytes();
        if (!tooLarge && (long) size + n > Api.MAX_BODY_BYTES) {
            tooLarge = true;
            body = EMPTY;
            size = 0;
        }
        if (tooLarge) {
            dropped += n;
            if (!passedOn && dropped > SWALLOW_LIMIT) {
                passOn(ctx, false);
            }
        } else if (n > 0) {
            if (size + n > body.length) {
                body = Arrays.copyOf(body, Math.min(Api.MAX_BODY_BYTES, Math.max(size + n, body.length * 2)));
            }
            data.getBytes(data.readerIndex(), body, size, n);
            size += n;
        }
        if (last) {
            if (!passedOn) {
                passOn(ctx, HttpUtil.isKeepAlive(head));
            }
            reset();
        }
    }

    private void passOn(ChannelHandlerContext ctx, boolean keepAlive) {
        passedOn = true;
        byte[] bytes = tooLarge ? EMPTY : size == body.length ? body : Arrays.copyOf(body, size);
        ctx.fireChannelRead(new ReceivedRequest(head, bytes, tooLarge, keepAlive));
    }

    private void reset() {
        head = null;
        body = EMPTY;
        size = 0;
        tooLarge = false;
        dropped = 0;
        passedOn = false;
    }
}
