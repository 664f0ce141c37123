package org.threadlab.reactive;

import io.vertx.core.VertxOptions;
import org.threadlab.core.engine.Engines;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;
import org.threadlab.netty.NettyServer;
import org.threadlab.vertx.VertxServer;

/**
 * The reactive model on the engine {@code --engine} names: Vert.x (the default) or plain Netty;
 * either way the {@link ReactiveModel} runs every request on the event loop that read it.
 */
public final class ReactiveServer {
    static final String MODEL = "reactive";

    private ReactiveServer() {
    }

    public static RunningServer start(ServerOptions options) throws InterruptedException {
        return switch (options.engine()) {
            case Engines.NETTY -> NettyServer.start(options, ReactiveModel::start);
            default -> VertxServer.start(options, ReactiveModel::start);
        };
    }

    /** On Vert.x with the given options (the event loops are still {@code --io-threads}), for tests. */
    static VertxServer onVertx(ServerOptions options, VertxOptions vertxOptions) {
        return VertxServer.start(options, vertxOptions, ReactiveModel::start);
    }
}
