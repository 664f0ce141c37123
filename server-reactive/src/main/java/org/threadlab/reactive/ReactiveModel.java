package org.threadlab.reactive;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.ApiRequest;
import org.threadlab.core.api.ApiResponse;
import org.threadlab.core.api.Exchange;
import org.threadlab.core.db.Database;
import org.threadlab.core.db.Databases;
import org.threadlab.core.db.DelayScheduler;
import org.threadlab.core.db.Query;
import org.threadlab.core.engine.EngineThreads;
import org.threadlab.core.engine.Model;
import org.threadlab.core.engine.Responder;
import org.threadlab.core.options.ServerOptions;

/**
 * The non-blocking model, on any engine's event loops: a request is opened, its queries issued at
 * once, and the answer composed when the last completes; no thread ever waits. The simulated
 * database's timers run on the engine's event loops, so a query completes on the loop that issued
 * it; on PostgreSQL the queries go through Vert.x's non-blocking client (on the Vert.x engine's own
 * loops; the Netty engine, which has no PostgreSQL client, lends none, so the model starts a Vert.x
 * of {@code --io-threads} loops for the client alone).
 */
final class ReactiveModel implements Model {
    /** Polling step while {@link #drain} waits for requests in flight. */
    private static final long DRAIN_STEP_MILLIS = 5;

    private final Api api;
    private final Database database;
    /** The Vert.x this model started for its PostgreSQL client, or null. */
    private final Vertx ownVertx;

    private ReactiveModel(Api api, Database database, Vertx ownVertx) {
        this.api = api;
        this.database = database;
        this.ownVertx = ownVertx;
    }

    static Model start(ServerOptions options, EngineThreads engine) {
        Vertx[] own = new Vertx[1];
        Database database;
        try {
            DelayScheduler timers = engine.eventLoopTimers();
            database = Databases.open(options, timers, target -> {
                Vertx vertx = engine.resource(Vertx.class).orElseGet(() ->
                        own[0] = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.ioThreads())));
                return PgClientDatabase.open(target, options, vertx, timers);
            });
        } catch (RuntimeException e) {
            if (own[0] != null) {
                own[0].close();
            }
            throw e;
        }
        Api api = new Api(ReactiveServer.MODEL, engine.engine(), database, options.maxInFlight(), null);
        return new ReactiveModel(api, database, own[0]);
    }

    @Override
    public Api api() {
        return api;
    }

    @Override
    public void serve(ApiRequest request, Responder responder) {
        Exchange exchange = api.open(request);
        if (exchange.isAnswered()) {
            responder.respond(api.close(exchange, exchange.answer()));
            return;
        }
        CompletableFuture<List<Object>> results;
        try {
            results = queryAll(exchange.queries());
        } catch (RuntimeException e) {
            results = CompletableFuture.failedFuture(e);
        }
        results.whenComplete((values, error) -> {
            ApiResponse response;
            if (error == null) {
                try {
                    response = exchange.compose(values);
                } catch (RuntimeException e) {
                    response = api.failure(e);
                }
            } else {
                response = api.failure(error);
            }
            responder.respond(api.close(exchange, response));
        });
    }

    /** Issues every query at once; the results come back where the database completes them, in order. */
    private CompletableFuture<List<Object>> queryAll(List<Query<?>> queries) {
        if (queries.size() == 1) {
            // Nothing to join: spare the composite on the busiest path.
            return database.queryAsync(queries.get(0)).thenApply(Collections::singletonList);
        }
        List<CompletableFuture<?>> pending = new ArrayList<>(queries.size());
        for (Query<?> query : queries) {
            pending.add(database.queryAsync(query));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Object> values = new ArrayList<>(pending.size());
            for (CompletableFuture<?> future : pending) {
                values.add(future.join());
            }
            return values;
        });
    }

    /** Nothing to stop: waits until the requests the API admitted have been answered, up to {@code grace}. */
    @Override
    public boolean drain(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (api.inFlight() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(DRAIN_STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        database.close();
        if (ownVertx != null) {
            ownVertx.close();
        }
    }
}
