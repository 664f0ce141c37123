package org.threadlab.core.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.threadlab.core.db.DatabaseException;
import org.threadlab.core.db.Query;
import org.threadlab.core.db.Database;

/**
 * The API, written once for all three servers. A server calls {@link #open}, runs the
 * exchange's queries in its concurrency model, then {@link #close}; the thread-per-request
 * servers do all of it with {@link #serveBlocking}.
 *
 * <p>Routing lives here rather than in each engine's router so that unknown paths, wrong
 * methods and malformed ids get the same answer from every server.
 */
public final class Api {
    /** Largest request body accepted; transports stop reading past it and set bodyTooLarge. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** The header that names the model: the one header allowed to differ between servers. */
    public static final String MODEL_HEADER = "X-Concurrency-Model";
    private static final byte[] HEALTHY = Json.bytes(new Health("UP"));
    private static final String CONNECTION = "Connection";
    private static final String CLOSE = "close";

    private final String model;
    private final String engine;
    private final Database database;
    private final RequestCounters requests;
    private final ItemsResource items = new ItemsResource();
    private final OrdersResource orders = new OrdersResource();
    private final DashboardResource dashboard = new DashboardResource();
    private final CpuResource cpu = new CpuResource();
    private final FaultsResource faults;
    private final StatsResource stats;

    /**
     * @param workerPool the request pool's figures for /stats; null for models without one
     */
    public Api(String model, Database database, int maxInFlight, Supplier<WorkerPoolStats> workerPool) {
        this(model, org.threadlab.core.engine.Engines.defaultOf(model), database, maxInFlight, workerPool);
    }

    /**
     * @param engine     the engine that carries the model, as {@code --engine} names it (in /stats)
     * @param workerPool the request pool's figures for /stats; null for models without one
     */
    public Api(String model, String engine, Database database, int maxInFlight,
               Supplier<WorkerPoolStats> workerPool) {
        this.model = model;
        this.engine = engine;
        this.database = database;
        this.requests = new RequestCounters(maxInFlight);
        this.stats = new StatsResource(model, engine, requests, database, workerPool);
        this.faults = database.errorRateAdjustable() ? new FaultsResource(database) : null;
    }

    public Database database() {
        return database;
    }

    public String model() {
        return model;
    }

    /** The engine under the model (netty, vertx, helidon), as /stats reports it. */
    public String engine() {
        return engine;
    }

    /** Requests admitted and not yet answered: what an engine waits for when it stops. */
    public int inFlight() {
        return requests.snapshot().inFlight();
    }

    /**
     * True for the monitoring routes, /health and /stats: they never touch the database and never
     * block, so a transport with a request pool answers them where they arrive instead of queueing
     * them behind the load they are meant to observe.
     */
    public static boolean isMonitoring(ApiRequest request) {
        return request.path().equals("/health") || request.path().equals("/stats");
    }

    /**
     * Routes and validates a request. API requests beyond {@code --max-in-flight} are answered
     * 503 at once; /health and /stats are always served, so that monitoring works under overload.
     */
    public Exchange open(ApiRequest request) {
        if (!RequestSyntax.isToken(request.method()) || !RequestSyntax.isTargetText(request.path())
                || (request.query() != null && !RequestSyntax.isTargetText(request.query()))) {
            // Most engines refuse these before routing; the ones that pass them on get the same body here. The
            // framing was fine, so unlike a transport failure the connection may stay open.
            return Exchange.answered(TransportFailure.MALFORMED.response());
        }
        String path = request.path();
        if (isMonitoring(request)) {
            if (!request.method().equals("GET")) {
                return Exchange.answered(methodNotAllowed("GET"));
            }
            return path.equals("/health")
                    ? Exchange.answered(new ApiResponse(200, ApiResponse.JSON, HEALTHY, java.util.Map.of()))
                    : stats.get();
        }
        if (faults != null && path.equals(FaultsResource.PATH)) {
            // Served outside admission like /stats, so that the lab can turn faults off under overload.
            return request.method().equals("PUT") ? faults.put(request) : Exchange.answered(methodNotAllowed("PUT"));
        }
        if (!requests.tryEnter()) {
            return Exchange.answered(overloaded());
        }
        Exchange exchange;
        try {
            exchange = route(request);
        } catch (RuntimeException e) {
            exchange = Exchange.answered(failure(e));
        }
        return exchange.admit();
    }

    private Exchange route(ApiRequest request) {
        String[] s = request.path().split("/", -1);
        // s[0] is the empty text before the leading slash.
        if (s.length < 3 || !s[0].isEmpty() || !s[1].equals("api")) {
            return notFound();
        }
        String method = request.method();
        QueryParameters parameters;
        try {
            parameters = QueryParameters.parse(request.query());
        } catch (IllegalArgumentException e) {
            return Exchange.answered(Problem.badRequest("the query string is not valid percent-encoding"));
        }
        switch (s[2]) {
            case "items":
                if (s.length == 3) {
                    return method.equals("GET") ? items.list(parameters) : Exchange.answered(methodNotAllowed("GET"));
                }
                if (s.length == 4) {
                    return method.equals("GET") ? items.get(s[3]) : Exchange.answered(methodNotAllowed("GET"));
                }
                break;
            case "orders":
                if (s.length == 3) {
                    return method.equals("POST") ? orders.create(request) : Exchange.answered(methodNotAllowed("POST"));
                }
                if (s.length == 4) {
                    return method.equals("GET") ? orders.get(s[3]) : Exchange.answered(methodNotAllowed("GET"));
                }
                break;
            case "customers":
                if (s.length == 5 && s[4].equals("dashboard")) {
                    return method.equals("GET") ? dashboard.get(s[3]) : Exchange.answered(methodNotAllowed("GET"));
                }
                break;
            case "cpu":
                if (s.length == 3) {
                    return method.equals("GET") ? cpu.get(parameters) : Exchange.answered(methodNotAllowed("GET"));
                }
                break;
            default:
                break;
        }
        return notFound();
    }

    /**
     * The answer for a request that the transport itself cannot take (the blocking server's
     * queue is full); already closed, so it is written as it is.
     */
    public ApiResponse reject() {
        requests.rejected();
        return close(Exchange.answered(overloaded()), overloaded());
    }

    /**
     * The answer for a request the transport could not hand to the API (see {@link TransportFailure}):
     * counted like any other response, with the model header and {@code Connection: close}. The
     * transport writes it as it is and then closes the connection, whose framing it cannot trust.
     */
    public ApiResponse transportFailure(TransportFailure failure) {
        ApiResponse response = failure.response().withHeader(CONNECTION, CLOSE);
        return close(Exchange.answered(response), response);
    }

    private static ApiResponse overloaded() {
        return Problem.response(503, "overloaded", "Service Unavailable",
                "the server is at its limit of requests in flight; retry later").withHeader("Retry-After", "1");
    }

    private static Exchange notFound() {
        return Exchange.answered(Problem.notFound("no such resource"));
    }

    private static ApiResponse methodNotAllowed(String allowed) {
        return Problem.response(405, "method-not-allowed", "Method Not Allowed",
                "this resource supports " + allowed + " only").withHeader("Allow", allowed);
    }

    /** The response for a failed query or an unexpected error; never shows internals. */
    public ApiResponse failure(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof DatabaseException.Unavailable) {
            return Problem.response(503, "database-unavailable", "Service Unavailable",
                    "the database failed the query; retry later").withHeader("Retry-After", "1");
        }
        if (e instanceof DatabaseException.PoolTimeout) {
            return Problem.response(503, "database-busy", "Service Unavailable",
                    "no database connection became free in time; retry later").withHeader("Retry-After", "1");
        }
        if (e instanceof DatabaseException.QueryTimeout) {
            return Problem.response(504, "database-timeout", "Gateway Timeout", "the database query timed out");
        }
        return Problem.response(500, "internal", "Internal Server Error", "the server failed to handle the request");
    }

    /** Finishes an exchange: counts it, frees its admission slot, and adds the model header. */
    public ApiResponse close(Exchange exchange, ApiResponse response) {
        if (exchange.admitted()) {
            requests.exit();
        }
        requests.served(response.status());
        return response.withHeader(MODEL_HEADER, model);
    }

    /**
     * The whole request on the calling thread, for the thread-per-request models: a single query
     * runs here; several run concurrently, one here and the rest on {@code fanOut}.
     */
    public ApiResponse serveBlocking(ApiRequest request, ExecutorService fanOut) {
        Exchange exchange = open(request);
        ApiResponse response;
        try {
            response = exchange.isAnswered() ? exchange.answer() : exchange.compose(runAll(exchange.queries(), fanOut));
        } catch (RuntimeException e) {
            response = failure(e);
        }
        return close(exchange, response);
    }

    private List<Object> runAll(List<Query<?>> queries, ExecutorService fanOut) {
        if (queries.size() == 1) {
            return java.util.Collections.singletonList(database.query(queries.get(0)));
        }
        List<Future<?>> others = new ArrayList<>(queries.size() - 1);
        for (Query<?> query : queries.subList(1, queries.size())) {
            others.add(fanOut.submit(() -> database.query(query)));
        }
        List<Object> results = new ArrayList<>(queries.size());
        RuntimeException failure = null;
        try {
            results.add(database.query(queries.get(0)));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> other : others) {
            try {
                results.add(other.get());
            } catch (ExecutionException e) {
                failure = failure != null ? failure : new CompletionException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new CompletionException(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    record Health(String status) {
    }
}
