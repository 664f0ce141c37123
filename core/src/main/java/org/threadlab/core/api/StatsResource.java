package org.threadlab.core.api;

import java.util.function.Supplier;
import org.threadlab.core.db.DatabaseStats;
import org.threadlab.core.db.Database;

/**
 * {@code GET /stats}: the server-side view of a run, one schema for all three models. It holds
 * counters and JVM figures only: no environment, settings or secrets.
 */
final class StatsResource {
    private final String model;
    private final String engine;
    private final long startNanos = System.nanoTime();
    private final RequestCounters requests;
    private final Database database;
    private final Supplier<WorkerPoolStats> workerPool;

    StatsResource(String model, String engine, RequestCounters requests, Database database,
                  Supplier<WorkerPoolStats> workerPool) {
        this.model = model;
        this.engine = engine;
        this.requests = requests;
        this.database = database;
        this.workerPool = workerPool;
    }

    Exchange get() {
        long uptimeMs = (System.nanoTime() - startNanos) / 1_000_000;
        return Exchange.answered(ApiResponse.json(200, new Stats(model, engine, uptimeMs, requests.snapshot(),
                database.stats(), JvmStats.now(), workerPool == null ? null : workerPool.get())));
    }

    record Stats(String model, String engine, long uptimeMs, RequestCounters.RequestStats requests, DatabaseStats database,
                 JvmStats jvm, WorkerPoolStats workerPool) {
    }
}
