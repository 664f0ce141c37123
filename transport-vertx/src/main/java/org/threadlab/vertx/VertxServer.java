package org.threadlab.vertx;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.threadlab.core.db.DelayScheduler;
import org.threadlab.core.engine.EngineThreads;
import org.threadlab.core.engine.Engines;
import org.threadlab.core.engine.Model;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;

/**
 * The Vert.x engine, for any model: one {@link ApiVerticle} per event loop, all on one port; the
 * {@link Model} decides where each request runs.
 */
public final class VertxServer implements RunningServer {
    /**
     * Vert.x binds a fresh port for every server that asks for port 0, but lets servers that ask
     * for the same negative port share one free port: that is how {@code --port 0} stays one port.
     */
    static final int SHARED_FREE_PORT = -1;
    private static final long START_TIMEOUT_SECONDS = 30;
    /** What closing may take beyond {@code --shutdown-timeout}: closing connections, stopping the loops. */
    private static final long CLOSE_MARGIN_MILLIS = 5_000;

    private final Vertx vertx;
    private final Model model;
    private final List<ApiVerticle> verticles;
    private final int port;
    private final long closeTimeoutMillis;
    private final String deployment;
    private final AtomicBoolean closed = new AtomicBoolean();

    private VertxServer(Vertx vertx, Model model, List<ApiVerticle> verticles, int port, long closeTimeoutMillis,
                        String deployment) {
        this.vertx = vertx;
        this.model = model;
        this.verticles = verticles;
        this.port = port;
        this.closeTimeoutMillis = closeTimeoutMillis;
        this.deployment = deployment;
    }

    /** Starts the model with Vert.x's defaults, except for the event loops: {@code --io-threads} of them. */
    public static VertxServer start(ServerOptions options, Model.Factory models) {
        return start(options, new VertxOptions(), models);
    }

    /**
     * Starts the model on {@code --io-threads} event loops (whatever {@code vertxOptions} says about
     * them) and returns once every verticle listens; call it from a thread that may block (main or
     * a test), never from an event loop.
     *
     * @throws IllegalStateException when a verticle cannot be deployed, e.g. the port is taken
     */
    public static VertxServer start(ServerOptions options, VertxOptions vertxOptions, Model.Factory models) {
        int eventLoops = options.ioThreads();
        Vertx vertx = Vertx.vertx(new VertxOptions(vertxOptions).setEventLoopPoolSize(eventLoops));
        String name = "server-" + options.model();
        Model model;
        try {
            model = models.start(options, new Threads(vertx));
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        int listenPort = options.port() == 0 ? SHARED_FREE_PORT : options.port();
        List<ApiVerticle> verticles = new CopyOnWriteArrayList<>();
        long closeTimeoutMillis = options.shutdownTimeout().toMillis() + CLOSE_MARGIN_MILLIS;
        try {
            String deployment = vertx.deployVerticle(() -> {
                ApiVerticle verticle = new ApiVerticle(model, options, listenPort);
                verticles.add(verticle);
                return verticle;
            }, new DeploymentOptions().setInstances(eventLoops))
                    .await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Set<Integer> ports = verticles.stream().map(ApiVerticle::actualPort).collect(Collectors.toSet());
            if (ports.size() != 1) {
                throw new IllegalStateException("the event loops listen on ports " + ports + ", not on one");
            }
            return new VertxServer(vertx, model, List.copyOf(verticles), ports.iterator().next(),
                    closeTimeoutMillis, deployment);
        } catch (Exception e) {
            // await rethrows the deployment's failure as it is, checked (a BindException) or not.
            closeQuietly(vertx, model, closeTimeoutMillis);
            throw new IllegalStateException(name + " did not start", e);
        }
    }

    private static void closeQuietly(Vertx vertx, Model model, long closeTimeoutMillis) {
        try {
            model.drain(Duration.ZERO);
            vertx.close().await(closeTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // Already failing; the start failure is the one to report.
        } finally {
            model.close();
        }
    }

    @Override
    public int port() {
        return port;
    }

    /** The ports each verticle is bound to, for tests: one entry per event loop, all equal. */
    public List<Integer> verticlePorts() {
        return verticles.stream().map(ApiVerticle::actualPort).toList();
    }

    /** The distinct event loops the verticles run on, for tests. */
    public Set<Thread> eventLoopThreads() {
        return verticles.stream().map(ApiVerticle::eventLoop).collect(Collectors.toSet());
    }

    /**
     * Undeploys the verticles (each stops accepting and lets its requests in flight finish, up to
     * {@code --shutdown-timeout}), then stops the model and its database, then the event loops: in
     * that order, because a PostgreSQL pool on these loops would otherwise close with Vert.x while
     * requests still need it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(closeTimeoutMillis);
        try {
            vertx.undeploy(deployment).await(closeTimeoutMillis, TimeUnit.MILLISECONDS);
            // Vert.x's shutdown gave the requests in flight their --shutdown-timeout; what is left is cut.
            model.drain(Duration.ZERO);
            model.close();
            long left = Math.max(CLOSE_MARGIN_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            vertx.close().await(left, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("server-" + model.api().model() + " did not stop in time", e);
        } finally {
            model.close();
        }
    }

    /** What Vert.x lends a model: its event loops' timers, and itself (for its PostgreSQL client). */
    private record Threads(Vertx vertx) implements EngineThreads {
        @Override
        public String engine() {
            return Engines.VERTX;
        }

        @Override
        public DelayScheduler eventLoopTimers() {
            return new EventLoopTimers(vertx);
        }

        @Override
        public <T> Optional<T> resource(Class<T> type) {
            return type.isInstance(vertx) ? Optional.of(type.cast(vertx)) : Optional.empty();
        }
    }
}
