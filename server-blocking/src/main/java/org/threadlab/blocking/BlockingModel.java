package org.threadlab.blocking;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.ApiRequest;
import org.threadlab.core.db.Database;
import org.threadlab.core.db.Databases;
import org.threadlab.core.engine.EngineThreads;
import org.threadlab.core.engine.Model;
import org.threadlab.core.engine.Responder;
import org.threadlab.core.options.ServerOptions;

/**
 * Thread per request from a bounded pool, as a servlet container schedules: {@code --workers}
 * platform threads with a queue of {@code --worker-queue}; each request holds its thread, database
 * waits included; a full queue is answered 503 at once. A dashboard's extra queries run on a second
 * pool. The monitoring routes are answered where they arrive, never queued behind the load they observe.
 */
final class BlockingModel implements Model {
    private final Api api;
    private final Database database;
    private final WorkerPool workers;
    private final WorkerPool fanOut;

    private BlockingModel(Api api, Database database, WorkerPool workers, WorkerPool fanOut) {
        this.api = api;
        this.database = database;
        this.workers = workers;
        this.fanOut = fanOut;
    }

    static Model start(ServerOptions options, EngineThreads engine) {
        Database database = Databases.open(options, null);
        WorkerPool workers = WorkerPool.create("worker", options.workers(), options.workerQueue());
        // A dashboard runs two of its three queries here while its worker runs the third, so twice
        // the workers means a fan-out never waits for a thread.
        WorkerPool fanOut = WorkerPool.create("fanout", 2 * options.workers(), options.workers());
        Api api = new Api(BlockingServer.MODEL, engine.engine(), database, options.maxInFlight(), workers::stats);
        return new BlockingModel(api, database, workers, fanOut);
    }

    @Override
    public Api api() {
        return api;
    }

    @Override
    public void serve(ApiRequest request, Responder responder) {
        if (Api.isMonitoring(request)) {
            responder.respond(api.serveBlocking(request, fanOut));
            return;
        }
        try {
            workers.execute(() -> run(request, responder));
        } catch (RejectedExecutionException e) {
            responder.respond(api.reject());
        }
    }

    /** On a worker thread: the whole API call, database waits included. */
    private void run(ApiRequest request, Responder responder) {
        try {
            responder.respond(api.serveBlocking(request, fanOut));
        } catch (Throwable t) {
            responder.fail(t);
        }
    }

    @Override
    public boolean drain(Duration grace) {
        boolean done = workers.stop(grace);
        return fanOut.stop(Duration.ofSeconds(1)) && done;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        fanOut.shutdownNow();
        database.close();
    }
}
