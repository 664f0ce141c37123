package org.threadlab.blocking;

import org.threadlab.core.engine.Engines;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;
import org.threadlab.netty.NettyServer;
import org.threadlab.vertx.VertxServer;

/**
 * The blocking model on the engine {@code --engine} names: Netty (the default) or Vert.x. Either
 * way only the sockets are the engine's; every request runs on the {@link BlockingModel}'s pool.
 */
public final class BlockingServer {
    static final String MODEL = "blocking";

    private BlockingServer() {
    }

    /** Binds and returns once the server accepts connections. */
    public static RunningServer start(ServerOptions options) throws InterruptedException {
        return switch (options.engine()) {
            case Engines.VERTX -> VertxServer.start(options, BlockingModel::start);
            default -> NettyServer.start(options, BlockingModel::start);
        };
    }
}
