package org.threadlab.blocking;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.threadlab.core.api.Api;
import org.threadlab.core.options.ServerOptions;

/**
 * The pipeline of each connection: idle and read timeouts, HTTP codec (with {@code --max-request-line}
 * and {@code --max-header-size}), body limit, then the API.
 */
final class BlockingServerInitializer extends ChannelInitializer<SocketChannel> {
    private final Api api;
    private final Executor workers;
    private final ExecutorService fanOut;
    private final ChannelGroup connections;
    private final ServerOptions options;

    BlockingServerInitializer(Api api, Executor workers, ExecutorService fanOut, ChannelGroup connections,
                              ServerOptions options) {
        this.api = api;
        this.workers = workers;
        this.fanOut = fanOut;
        this.connections = connections;
        this.options = options;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        connections.add(ch);
        ChannelPipeline p = ch.pipeline();
        ConnectionTimeouts timeouts = new ConnectionTimeouts(api, options.idleTimeout(), options.readTimeout());
        p.addLast("timeouts", timeouts);
        p.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(options.maxRequestLine())
                .setMaxHeaderSize(options.maxHeaderSize())));
        p.addLast("body-limit", new BoundedRequestAggregator());
        p.addLast("api", new ApiHandler(api, workers, fanOut, timeouts));
    }
}
