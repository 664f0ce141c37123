package org.threadlab.virtual;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import org.threadlab.core.engine.ConnectionClock;

/**
 * {@code --idle-timeout} and {@code --read-timeout}, which Helidon cannot enforce itself: its idle
 * checker stops applying once a request line has been read, and its socket read timeout restarts
 * with every byte, so a client that trickles a request would hold a connection for ever.
 *
 * <p>Every connection is wrapped (through the HTTP/1 connection selector) and carries core's
 * {@link ConnectionClock}, the policy the other engines use too: idle since connect or the last
 * response, reading from a request's first byte until its head (or body) is complete, serving
 * while the request is with the API, however long the database takes. The connection's own
 * virtual thread feeds it (bytes per socket read, never per byte; request received; response
 * sent) and one scanner thread expires it, so each clock sits behind its connection's lock, an
 * uncontended one but for the scan. The scanner looks a few times per timeout and closes what
 * expired. Closing interrupts the connection's thread, blocked in its socket read; nothing is
 * written (another thread owns the writer), which the suite allows as the {@code slow-client}
 * difference.
 */
final class ConnectionWatchdog implements AutoCloseable {
    /** The connection the current thread serves: Helidon runs a connection's requests on its own thread. */
    private static final ThreadLocal<WatchedConnection> CURRENT = new ThreadLocal<>();

    private final Duration idleTimeout;
    private final Duration readTimeout;
    private final Set<WatchedConnection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scanner;

    ConnectionWatchdog(Duration idleTimeout, Duration readTimeout) {
        this.idleTimeout = idleTimeout;
        this.readTimeout = readTimeout;
        // A few scans per timeout: a connection is closed at most a quarter of the timeout late.
        long periodMillis = Math.clamp(Math.min(idleTimeout.toMillis(), readTimeout.toMillis()) / 4, 10, 500);
        this.scanner = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("connection-watchdog").factory());
        scanner.scheduleAtFixedRate(this::scan, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Wraps Helidon's HTTP/1 selector, so that every connection it makes is watched. */
    ServerConnectionSelector watch(ServerConnectionSelector http1) {
        return new ServerConnectionSelector() {
            @Override
            public int bytesToIdentifyConnection() {
                return http1.bytesToIdentifyConnection();
            }

            @Override
            public Support supports(io.helidon.common.buffers.BufferData request) {
                return http1.supports(request);
            }

            @Override
            public Set<String> supportedApplicationProtocols() {
                return http1.supportedApplicationProtocols();
            }

            @Override
            public ServerConnection connection(ConnectionContext ctx) {
                WatchedConnection watched = new WatchedConnection();
                watched.delegate = http1.connection(new WatchedContext(ctx, watched));
                connections.add(watched);
                return watched;
            }
        };
    }

    /** Sees each request head as soon as it is parsed: without a body, the request is complete. */
    Http1ConnectionListener headListener() {
        return new Http1ConnectionListener() {
            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                if (ctx instanceof WatchedContext watched && !hasBody(headers)) {
                    watched.connection.received();
                }
            }
        };
    }

    private static boolean hasBody(Headers headers) {
        if (headers.contains(HeaderNames.TRANSFER_ENCODING)) {
            return true;
        }
        return headers.first(HeaderNames.CONTENT_LENGTH).map(length -> !"0".equals(length.trim())).orElse(false);
    }

    /**
     * The request on this thread has been read completely: from here on it may take as long as
     * it needs. Throws if the watchdog already closed the connection for being too slow.
     */
    static void requestReceived() {
        WatchedConnection connection = CURRENT.get();
        if (connection != null) {
            connection.received();
        }
    }

    /** The response on this thread has been written: the connection is idle until the next request. */
    static void responseSent() {
        WatchedConnection connection = CURRENT.get();
        if (connection != null) {
            connection.responded();
        }
    }

    /** Whether the watchdog closed this thread's connection (a read failing now is its doing). */
    static boolean closedByWatchdog() {
        WatchedConnection connection = CURRENT.get();
        return connection != null && connection.closed();
    }

    private void scan() {
        long now = System.nanoTime();
        for (WatchedConnection c : connections) {
            if (c.expire(now) != ConnectionClock.Expiry.NOT_YET) {
                try {
                    // Interrupts the connection's thread in its socket read, which closes the socket.
                    c.delegate.close(true);
                } catch (RuntimeException e) {
                    // the connection is already gone
                }
            }
        }
    }

    @Override
    public void close() {
        scanner.shutdownNow();
        connections.clear();
    }

    /** One connection: Helidon's, with the watch state around it. */
    private final class WatchedConnection implements ServerConnection, InterruptableTask<Void> {
        private final ConnectionClock clock = new ConnectionClock(idleTimeout, readTimeout, System.nanoTime());
        private ServerConnection delegate;

        /** Called on every socket read that returned bytes. */
        synchronized void bytesRead() {
            clock.bytesRead(System.nanoTime());
        }

        /** The request is complete (told once by the head listener or the handler, maybe by both). */
        synchronized void received() {
            if (clock.isClosed()) {
                throw new CloseConnectionException("request not received within --read-timeout");
            }
            if (!clock.serving()) {
                clock.requestReceived();
            }
        }

        synchronized void responded() {
            clock.responded(System.nanoTime());
        }

        synchronized ConnectionClock.Expiry expire(long now) {
            return clock.expire(now);
        }

        synchronized boolean closed() {
            return clock.isClosed();
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            CURRENT.set(this);
            try {
                delegate.handle(limit);
            } finally {
                CURRENT.remove();
                connections.remove(this);
            }
        }

        @Override
        @SuppressWarnings("removal")
        public void handle(Semaphore requestSemaphore) throws InterruptedException {
            CURRENT.set(this);
            try {
                delegate.handle(requestSemaphore);
            } finally {
                CURRENT.remove();
                connections.remove(this);
            }
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
        }
    }

    /**
     * Helidon's connection context, except that its data reader reports each socket read to the
     * watch (Helidon's own reader never calls its listener's {@code data} callback in 4.5).
     */
    private static final class WatchedContext implements ConnectionContext {
        private final ConnectionContext ctx;
        private final WatchedConnection connection;
        private final DataReader reader;

        WatchedContext(ConnectionContext ctx, WatchedConnection connection) {
            this.ctx = ctx;
            this.connection = connection;
            HelidonSocket socket = ctx.serverSocket();
            // As Helidon's own reader: a failed read ends the connection quietly (ServerConnectionException).
            this.reader = DataReader.create(() -> {
                byte[] bytes;
                try {
                    bytes = socket.get();
                } catch (UncheckedIOException e) {
                    throw new ServerConnectionException("Failed to get data from socket", e);
                }
                if (bytes != null) {
                    connection.bytesRead();
                }
                return bytes;
            });
        }

        @Override
        public DataReader dataReader() {
            return reader;
        }

        @Override
        public ListenerContext listenerContext() {
            return ctx.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return ctx.executor();
        }

        @Override
        public DataWriter dataWriter() {
            return ctx.dataWriter();
        }

        @Override
        public Router router() {
            return ctx.router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return ctx.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return ctx.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return ctx.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return ctx.localPeer();
        }

        @Override
        public boolean isSecure() {
            return ctx.isSecure();
        }

        @Override
        public String socketId() {
            return ctx.socketId();
        }

        @Override
        public String childSocketId() {
            return ctx.childSocketId();
        }
    }
}
