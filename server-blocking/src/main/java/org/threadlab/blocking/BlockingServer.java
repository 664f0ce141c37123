package org.threadlab.blocking;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import org.threadlab.core.api.Api;
import org.threadlab.core.db.Database;
import org.threadlab.core.db.Databases;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;

/**
 * Netty for the sockets, a fixed pool of platform threads for the requests: one acceptor
 * thread, {@code --io-threads} I/O event loops, {@code --workers} request threads with a
 * queue of {@code --worker-queue}, and a pool for the extra queries of a dashboard.
 */
public final class BlockingServer implements RunningServer {
    static final String MODEL = "blocking";

    private final Channel listener;
    private final ChannelGroup connections;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;
    private final WorkerPool workers;
    private final WorkerPool fanOut;
    private final Database database;
    /** How long close() waits for requests in flight: {@code --shutdown-timeout}. */
    private final Duration shutdownTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BlockingServer(Channel listener, ChannelGroup connections, EventLoopGroup acceptor, EventLoopGroup io,
                           WorkerPool workers, WorkerPool fanOut, Database database,
                           Duration shutdownTimeout) {
        this.listener = listener;
        this.connections = connections;
        this.acceptor = acceptor;
        this.io = io;
        this.workers = workers;
        this.fanOut = fanOut;
        this.database = database;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Binds and returns once the server accepts connections. */
    public static RunningServer start(ServerOptions options) throws InterruptedException {
        Database database = Databases.open(options, null);
        WorkerPool workers = WorkerPool.create("worker", options.workers(), options.workerQueue());
        // A dashboard runs two of its three queries here while its worker runs the third, so twice
        // the workers means a fan-out never waits for a thread.
        WorkerPool fanOut = WorkerPool.create("fanout", 2 * options.workers(), options.workers());
        Api api = new Api(MODEL, database, options.maxInFlight(), workers::stats);
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("accept"),
                NioIoHandler.newFactory());
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("io"),
                NioIoHandler.newFactory());
        ChannelGroup connections = new DefaultChannelGroup("connections", acceptor.next());
        BlockingServer server = null;
        try {
            Channel listener = new ServerBootstrap()
                    .group(acceptor, io)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new BlockingServerInitializer(api, workers, fanOut, connections, options))
                    .bind(options.host(), options.port())
                    .sync()
                    .channel();
            server = new BlockingServer(listener, connections, acceptor, io, workers, fanOut, database,
                    options.shutdownTimeout());
            return server;
        } finally {
            if (server == null) {
                workers.shutdownNow();
                fanOut.shutdownNow();
                shutDown(acceptor, io);
                database.close();
            }
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Stops accepting, lets requests in flight finish (up to {@code --shutdown-timeout}), writes their
     * responses, then closes connections and stops every thread the server started.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listener.close().awaitUninterruptibly();
        workers.stop(shutdownTimeout);
        fanOut.stop(Duration.ofSeconds(1));
        // Closing through the channels queues each close behind the responses the workers wrote;
        // shutting the event loops down directly would close the sockets before those writes.
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutDown(acceptor, io);
        database.close();
    }

    private static void shutDown(EventLoopGroup acceptor, EventLoopGroup io) {
        io.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        io.terminationFuture().awaitUninterruptibly(6, TimeUnit.SECONDS);
        acceptor.terminationFuture().awaitUninterruptibly(6, TimeUnit.SECONDS);
    }
}
