package org.threadlab.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.threadlab.core.db.DelayScheduler;
import org.threadlab.core.engine.EngineThreads;
import org.threadlab.core.engine.Engines;
import org.threadlab.core.engine.Model;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;

/**
 * The Netty engine, for any model: one acceptor thread and {@code --io-threads} I/O event loops
 * read and write the bytes; the {@link Model} decides where each request runs.
 */
public final class NettyServer implements RunningServer {
    private final Channel listener;
    private final ChannelGroup connections;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;
    private final Model model;
    /** How long close() waits for requests in flight: {@code --shutdown-timeout}. */
    private final Duration shutdownTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NettyServer(Channel listener, ChannelGroup connections, EventLoopGroup acceptor, EventLoopGroup io,
                        Model model, Duration shutdownTimeout) {
        this.listener = listener;
        this.connections = connections;
        this.acceptor = acceptor;
        this.io = io;
        this.model = model;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Starts the model on Netty's threads, binds, and returns once the server accepts connections. */
    public static NettyServer start(ServerOptions options, Model.Factory models) throws InterruptedException {
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("accept"),
                NioIoHandler.newFactory());
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("io"),
                NioIoHandler.newFactory());
        Model model;
        try {
            model = models.start(options, new Threads(io));
        } catch (RuntimeException e) {
            shutDown(acceptor, io);
            throw e;
        }
        ChannelGroup connections = new DefaultChannelGroup("connections", acceptor.next());
        NettyServer server = null;
        try {
            Channel listener = new ServerBootstrap()
                    .group(acceptor, io)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, ServerOptions.ACCEPT_BACKLOG)
                    .childHandler(new NettyServerInitializer(model, connections, options))
                    .bind(options.host(), options.port())
                    .sync()
                    .channel();
            server = new NettyServer(listener, connections, acceptor, io, model, options.shutdownTimeout());
            return server;
        } finally {
            if (server == null) {
                model.drain(Duration.ZERO);
                shutDown(acceptor, io);
                model.close();
            }
        }
    }

    /** The event loops this server's connections run on, for tests. */
    EventLoopGroup eventLoops() {
        return io;
    }

    @Override
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Stops accepting, lets requests in flight finish (up to {@code --shutdown-timeout}), writes their
     * responses, then closes connections, stops every thread the server started, and the database.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listener.close().awaitUninterruptibly();
        model.drain(shutdownTimeout);
        // Closing through the channels queues each close behind the responses the model wrote;
        // shutting the event loops down directly would close the sockets before those writes.
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutDown(acceptor, io);
        model.close();
    }

    private static void shutDown(EventLoopGroup acceptor, EventLoopGroup io) {
        io.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        io.terminationFuture().awaitUninterruptibly(6, TimeUnit.SECONDS);
        acceptor.terminationFuture().awaitUninterruptibly(6, TimeUnit.SECONDS);
    }

    /** What Netty lends a model: its I/O event loops' timers. */
    private record Threads(EventLoopGroup io) implements EngineThreads {
        @Override
        public String engine() {
            return Engines.NETTY;
        }

        @Override
        public DelayScheduler eventLoopTimers() {
            return new EventLoopTimers(io);
        }
    }
}
