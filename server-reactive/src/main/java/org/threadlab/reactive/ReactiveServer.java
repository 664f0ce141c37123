package org.threadlab.reactive;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.threadlab.core.api.Api;
import org.threadlab.core.db.Database;
import org.threadlab.core.db.Databases;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;

/**
 * The reactive model: one {@link ApiVerticle} per event loop, all on one port, over a database
 * whose timers run on those same loops.
 */
public final class ReactiveServer implements RunningServer {
    static final String MODEL = "reactive";
    /**
     * Vert.x binds a fresh port for every server that asks for port 0, but lets servers that ask
     * for the same negative port share one free port: that is how {@code --port 0} stays one port.
     */
    static final int SHARED_FREE_PORT = -1;
    private static final long START_TIMEOUT_SECONDS = 30;
    /** What closing may take beyond {@code --shutdown-timeout}: closing connections, stopping the loops. */
    private static final long CLOSE_MARGIN_MILLIS = 5_000;

    private final Vertx vertx;
    private final Database database;
    private final List<ApiVerticle> verticles;
    private final int port;
    private final long closeTimeoutMillis;
    private final String deployment;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReactiveServer(Vertx vertx, Database database, List<ApiVerticle> verticles, int port,
                           long closeTimeoutMillis, String deployment) {
        this.vertx = vertx;
        this.deployment = deployment;
        this.database = database;
        this.verticles = verticles;
        this.port = port;
        this.closeTimeoutMillis = closeTimeoutMillis;
    }

    /** Starts with Vert.x defaults, except for the event loops: {@code --io-threads} of them. */
    public static RunningServer start(ServerOptions options) {
        return start(options, new VertxOptions());
    }

    /**
     * Starts and returns once every verticle listens; call it from a thread that may block
     * (main or a test), never from an event loop.
     *
     * @throws IllegalStateException when a verticle cannot be deployed, e.g. the port is taken
     */
    public static ReactiveServer start(ServerOptions options, VertxOptions vertxOptions) {
        // One verticle per event loop, --io-threads of them, whatever the given options say.
        int eventLoops = options.ioThreads();
        Vertx vertx = Vertx.vertx(new VertxOptions(vertxOptions).setEventLoopPoolSize(eventLoops));
        Database database;
        try {
            // Every wait on the event loops: their timers (simulated), or Vert.x's own driver (PostgreSQL).
            database = Databases.open(options, new EventLoopTimers(vertx), target -> PgClientDatabase.open(target, options, vertx));
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        Api api = new Api(MODEL, database, options.maxInFlight(), null);
        int listenPort = options.port() == 0 ? SHARED_FREE_PORT : options.port();
        List<ApiVerticle> verticles = new CopyOnWriteArrayList<>();
        long closeTimeoutMillis = options.shutdownTimeout().toMillis() + CLOSE_MARGIN_MILLIS;
        try {
            String deployment = vertx.deployVerticle(() -> {
                ApiVerticle verticle = new ApiVerticle(api, options, listenPort);
                verticles.add(verticle);
                return verticle;
            }, new DeploymentOptions().setInstances(eventLoops))
                    .await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Set<Integer> ports = verticles.stream().map(ApiVerticle::actualPort).collect(Collectors.toSet());
            if (ports.size() != 1) {
                throw new IllegalStateException("the event loops listen on ports " + ports + ", not on one");
            }
            return new ReactiveServer(vertx, database, List.copyOf(verticles), ports.iterator().next(),
                    closeTimeoutMillis, deployment);
        } catch (Exception e) {
            // await rethrows the deployment's failure as it is, checked (a BindException) or not.
            closeQuietly(vertx, database, closeTimeoutMillis);
            throw new IllegalStateException("server-" + MODEL + " did not start", e);
        }
    }

    private static void closeQuietly(Vertx vertx, Database database, long closeTimeoutMillis) {
        try {
            vertx.close().await(closeTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // Already failing; the start failure is the one to report.
        } finally {
            database.close();
        }
    }

    @Override
    public int port() {
        return port;
    }

    /** The ports each verticle is bound to, for tests: one entry per event loop, all equal. */
    List<Integer> verticlePorts() {
        return verticles.stream().map(ApiVerticle::actualPort).toList();
    }

    /** The distinct event loops the verticles run on, for tests. */
    Set<Thread> eventLoopThreads() {
        return verticles.stream().map(ApiVerticle::eventLoop).collect(Collectors.toSet());
    }

    /**
     * Undeploys the verticles (each stops accepting and lets its requests in flight finish, up to
     * {@code --shutdown-timeout}), then closes the database and stops the event loops: in that order,
     * because a PostgreSQL pool on these loops would otherwise close with Vert.x while requests still
     * need it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(closeTimeoutMillis);
        try {
            vertx.undeploy(deployment).await(closeTimeoutMillis, TimeUnit.MILLISECONDS);
            database.close();
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            vertx.close().await(left, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("server-" + MODEL + " did not stop in time", e);
        } finally {
            database.close();
        }
    }
}
