package org.threadlab.virtual;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import org.threadlab.core.api.Api;
import org.threadlab.core.db.Database;
import org.threadlab.core.db.Databases;
import org.threadlab.core.engine.Engines;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;
import org.threadlab.netty.NettyServer;
import org.threadlab.vertx.VertxServer;

/**
 * Helidon SE 4 WebServer: each connection is served by its own virtual thread, which runs the
 * request through core and blocks on the database; the virtual threads run on {@code --io-threads}
 * carriers ({@link CarrierThreads}). Configured in code, with every Helidon limit
 * on concurrency off, the request-line and header limits from the options, every Helidon answer
 * mapped to core's ({@link TransportErrorHandler}), and the connection timeouts enforced by a
 * {@link ConnectionWatchdog}.
 */
public final class VirtualServer implements RunningServer {
    static final String MODEL = "virtual";
    /**
     * Bodies beyond core's limit are read and dropped before core's 413, so that the connection
     * stays usable; past this much Helidon stops reading and answers at once (and closes).
     */
    static final long MAX_DRAINED_BODY_BYTES = 16L * 1024 * 1024;
    /** Helidon's own idle checker stays on beyond our watchdog's timeouts, only as a backstop. */
    private static final Duration BACKSTOP_MARGIN = Duration.ofMinutes(1);

    private final WebServer server;
    private final ConnectionWatchdog watchdog;
    private final ExecutorService fanOut;
    private final Database database;

    private VirtualServer(WebServer server, ConnectionWatchdog watchdog, ExecutorService fanOut,
                          Database database) {
        this.server = server;
        this.watchdog = watchdog;
        this.fanOut = fanOut;
        this.database = database;
    }

    /**
     * The virtual model on the engine {@code --engine} names: Helidon (the default, this class), or
     * Netty or Vert.x with one virtual thread per request ({@link VirtualModel}).
     */
    public static RunningServer start(ServerOptions options) throws InterruptedException {
        return switch (options.engine()) {
            case Engines.NETTY -> NettyServer.start(options, VirtualModel::start);
            case Engines.VERTX -> VertxServer.start(options, VirtualModel::start);
            default -> start(options, VirtualServer::routing);
        };
    }

    /** How a server's routing is set up: {@link #routing}, or a test's wrapping of it. */
    @FunctionalInterface
    interface RoutingSetup {
        void setUp(HttpRouting.Builder routing, Api api, ExecutorService fanOut);
    }

    /** Helidon, with the given routing (the tests wrap the real one). */
    static RunningServer start(ServerOptions options, RoutingSetup routingSetup) {
        CarrierThreads.use(options.ioThreads());
        Database database = Databases.open(options, null);
        ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();
        Api api = new Api(MODEL, Engines.HELIDON, database, options.maxInFlight(), null);
        ConnectionWatchdog watchdog = new ConnectionWatchdog(options.idleTimeout(), options.readTimeout());
        try {
            Http1Config http1 = Http1Config.builder()
                    .maxPrologueLength(options.maxRequestLine())
                    .maxHeadersSize(options.maxHeaderSize())
                    // Core judges paths and queries (404/400 problems); Helidon must not reject them first.
                    .validatePath(false)
                    .validatePrologue(false)
                    .validateRequestHostHeader(false)
                    .sendKeepAliveHeader(false)
                    .addReceiveListener(watchdog.headListener())
                    .build();
            WebServer server = WebServer.builder()
                    .host(options.host())
                    .port(options.port())
                    // No limits of Helidon's own: admission (--max-in-flight) is core's, as on the other servers.
                    .maxTcpConnections(-1)
                    .maxConcurrentRequests(-1)
                    .concurrencyLimitDiscoverServices(false)
                    .backlog(ServerOptions.ACCEPT_BACKLOG)
                    .maxPayloadSize(MAX_DRAINED_BODY_BYTES)
                    // On stop, requests in flight get this long to finish; idle connections close at once.
                    .shutdownGracePeriod(options.shutdownTimeout())
                    // HTTP/1.1 only, through our watched selector rather than a discovered protocol (with no
                    // protocol configured, Helidon adds no selector of its own), and nothing else added.
                    .protocolsDiscoverServices(false)
                    .featuresDiscoverServices(false)
                    .addConnectionSelector(watchdog.watch(Http1ConnectionSelector.builder().config(http1).build()))
                    .idleConnectionTimeout(options.idleTimeout().plus(options.readTimeout()).plus(BACKSTOP_MARGIN))
                    // Hands the DirectHandler Helidon's message, which alone tells "headers too large" (400) apart.
                    .errorHandling(errors -> errors.includeEntity(true))
                    .directHandlers(directHandlers(new TransportErrorHandler(api, fanOut)))
                    // ServerMain's hook stops the server, then the fan-out pool and the database, in that order.
                    .shutdownHook(false)
                    .routing(routing -> routingSetup.setUp(routing, api, fanOut))
                    .build()
                    .start();
            if (!server.isRunning()) {
                // Helidon logs the cause (say, the address is in use) and returns a server that is not running.
                throw new IllegalStateException("Helidon could not open the listener (see its log above)");
            }
            return new VirtualServer(server, watchdog, fanOut, database);
        } catch (RuntimeException e) {
            watchdog.close();
            fanOut.close();
            database.close();
            throw e;
        }
    }

    /** The whole routing: one adapter for every method and path; core does the rest. */
    static void routing(HttpRouting.Builder routing, Api api, ExecutorService fanOut) {
        routing.any(new ApiHandler(api, fanOut));
    }

    private static DirectHandlers directHandlers(DirectHandler handler) {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        watchdog.close();
        fanOut.close();
        database.close();
    }
}
