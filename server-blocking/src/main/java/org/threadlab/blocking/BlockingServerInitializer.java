package org.threadlab.blocking;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.threadlab.core.api.Api;

/** The pipeline of each connection: HTTP codec, body limit, then the API. */
final class BlockingServerInitializer extends ChannelInitializer<SocketChannel> {
    private final Api api;
    private final Executor workers;
    private final ExecutorService fanOut;
    private final ChannelGroup connections;

    BlockingServerInitializer(Api api, Executor workers, ExecutorService fanOut, ChannelGroup connections) {
        this.api = api;
        this.workers = workers;
        this.fanOut = fanOut;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        connections.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("http", new HttpServerCodec());
        p.addLast("body-limit", new BoundedRequestAggregator());
        p.addLast("api", new ApiHandler(api, workers, fanOut));
    }
}
