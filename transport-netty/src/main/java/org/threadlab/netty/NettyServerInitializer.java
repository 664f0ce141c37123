package org.threadlab.netty;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import org.threadlab.core.engine.Model;
import org.threadlab.core.options.ServerOptions;

/**
 * The pipeline of each connection, the same for every model: idle and read timeouts, HTTP codec
 * (with {@code --max-request-line} and {@code --max-header-size}), body limit, then the model.
 */
final class NettyServerInitializer extends ChannelInitializer<SocketChannel> {
    private final Model model;
    private final ChannelGroup connections;
    private final ServerOptions options;

    NettyServerInitializer(Model model, ChannelGroup connections, ServerOptions options) {
        this.model = model;
        this.connections = connections;
        this.options = options;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        connections.add(ch);
        ChannelPipeline p = ch.pipeline();
        ConnectionTimeouts timeouts = new ConnectionTimeouts(model.api(), options.idleTimeout(), options.readTimeout());
        p.addLast("timeouts", timeouts);
        p.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(options.maxRequestLine())
                .setMaxHeaderSize(options.maxHeaderSize())));
        p.addLast("body-limit", new BoundedRequestAggregator());
        p.addLast("api", new ApiHandler(model, timeouts));
    }
}
