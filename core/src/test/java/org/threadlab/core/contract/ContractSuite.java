package org.threadlab.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.api.Api;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerFactory;
import org.threadlab.core.options.ServerOptions;

/**
 * The contract every server honours, written once. A server module runs it with a subclass:
 * <pre>{@code
 * class BlockingContractTest extends ContractSuite {
 *     protected ServerFactory factory() { return BlockingServer::start; }
 *     protected String model() { return "blocking"; }
 *     protected int requestPoolBound() { return 20; }   // --workers 20 caps concurrency
 * }
 * }</pre>
 * The suite starts the real server on port 0 with {@link ContractCases#OPTIONS}, sends the
 * contract table one request at a time (one dynamic test per case, named after it), and checks
 * that each model really serves concurrently: 400 requests against a 300 ms database finish in
 * a few multiples of 300 ms (or, for a bounded pool, in about 400/bound rounds), and the
 * dashboard's three queries overlap.
 *
 * <p>Subclasses may add their own tests; {@link #client()} talks to the contract server and
 * {@link #startServer} starts another one (stopped after the class). They must not write orders
 * for customer 1 or 2, whose dashboards the table checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ContractSuite {
    /** Latency of the database in the concurrency checks. */
    protected static final Duration SLOW_QUERY = Duration.ofMillis(300);
    /** Concurrent callers in the concurrency check. */
    protected static final int CALLERS = 400;
    /** Workers of the server in the concurrency check (matters to the blocking model only). */
    protected static final int WORKERS = 20;
    /** Most bursts the concurrency check sends before judging by the best one. */
    protected static final int BURSTS = 3;

    private final List<RunningServer> started = new ArrayList<>();
    private final List<ContractClient> clients = new ArrayList<>();
    private RunningServer server;
    private ContractClient client;
    private RunningServer slowServer;
    private ContractClient slowClient;

    /** Starts this model's server, e.g. {@code BlockingServer::start}. */
    protected abstract ServerFactory factory();

    /** The model's name, as in {@code --help} and the X-Concurrency-Model header. */
    protected abstract String model();

    /**
     * How many requests the server handles at once when started with {@code --workers 20}:
     * 20 for the blocking model's platform pool, 0 (unbounded) for virtual threads and the
     * event loop.
     */
    protected int requestPoolBound() {
        return 0;
    }

    /**
     * Options that choose the database, given to every server the suite starts (before the test's
     * own); none for the simulated database. Called once per server.
     */
    protected List<String> databaseOptions() {
        return List.of();
    }

    /** Options that choose the engine ({@code --engine vertx}); none for the model's default engine. */
    protected List<String> engineOptions() {
        return List.of();
    }

    /**
     * How many queries the database runs at once with {@link #databaseOptions}: 0 (unbounded) for
     * the simulated database, the pool size for PostgreSQL.
     */
    protected int databasePoolBound() {
        return 0;
    }

    @BeforeAll
    final void startContractServer() throws Exception {
        server = startServer();
        client = clientFor(server);
    }

    @AfterAll
    final void stopServers() {
        clients.forEach(ContractClient::close);
        for (RunningServer s : started.reversed()) {
            s.close();
        }
    }

    /**
     * Starts one more server of this model on port 0 with the contract options and then
     * {@code extraArgs} (later flags win); it is stopped after the class.
     */
    protected final RunningServer startServer(String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        args.addAll(ContractCases.OPTIONS);
        args.addAll(engineOptions());
        args.addAll(databaseOptions());
        args.addAll(List.of(extraArgs));
        RunningServer s = factory().start(ServerOptions.parse(model(), args.toArray(String[]::new)));
        started.add(s);
        assertTrue(s.port() > 0, "the server reports the port it bound, not 0");
        return s;
    }

    protected final ContractClient clientFor(RunningServer s) {
        ContractClient c = new ContractClient("127.0.0.1", s.port());
        clients.add(c);
        return c;
    }

    /** A client of the server the table runs against. */
    protected final ContractClient client() {
        return client;
    }

    @TestFactory
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    Stream<DynamicTest> contract() {
        Map<String, ContractResponse> earlier = new HashMap<>();
        ContractCase.Context context = new ContractCase.Context(model(), earlier);
        return ContractCases.all().stream().map(c -> dynamicTest(c.toString(), () -> {
            ContractResponse response = client.send(c, earlier);
            try {
                c.verify(response, context);
            } finally {
                earlier.put(c.name(), response);
            }
        }));
    }

    /**
     * 400 concurrent requests against a 300 ms database. A machine under load can only make a
     * burst slower, never faster: the lower bound must hold for every burst, while the upper
     * bound may take the best of up to {@value #BURSTS} bursts, so that a busy build machine
     * does not fail a model that is right.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void concurrentRequestsFinishWithinTheModelsBound(TestReporter reporter) throws Exception {
        ContractClient slow = slowClient();
        // Warm up: connections, class loading, one round of the pool.
        burst(slow, Math.max(WORKERS, 20));

        int bound = bound(requestPoolBound(), databasePoolBound());
        int rounds = bound == 0 ? 1 : (CALLERS + bound - 1) / bound;
        Duration expected = SLOW_QUERY.multipliedBy(rounds);
        Duration lower = bound == 0 ? SLOW_QUERY : expected.multipliedBy(8).dividedBy(10);
        Duration upper = bound == 0 ? SLOW_QUERY.multipliedBy(10) : expected.multipliedBy(3);
        String what = CALLERS + " concurrent requests over a " + SLOW_QUERY.toMillis() + " ms database "
                + (bound == 0 ? "(unbounded model)" : "(pool of " + bound + ": " + rounds + " rounds = "
                + expected.toMillis() + " ms)");
        List<Long> burstsMs = new ArrayList<>();
        for (int attempt = 0; attempt < BURSTS; attempt++) {
            long start = System.nanoTime();
            List<ContractResponse> responses = burst(slow, CALLERS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            burstsMs.add(elapsed.toMillis());
            for (ContractResponse r : responses) {
                assertEquals(200, r.status(), () -> "under " + CALLERS + " concurrent requests: " + r);
                assertEquals(model(), r.header(Api.MODEL_HEADER), () -> "model header: " + r);
            }
            assertTrue(elapsed.compareTo(lower) >= 0, () -> what + " took only " + elapsed.toMillis()
                    + " ms, less than " + lower.toMillis() + " ms: "
                    + (bound == 0 ? "is --db-latency applied?" : "more than " + bound + " requests ran at once"));
            if (elapsed.compareTo(upper) < 0) {
                break;
            }
        }
        reporter.publishEntry(CALLERS + " concurrent requests (ms)", burstsMs.toString());
        long best = burstsMs.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(best < upper.toMillis(), () -> what + " took " + burstsMs + " ms; expected less than "
                + upper.toMillis() + " ms" + (bound == 0 ? ", a few multiples of " + SLOW_QUERY.toMillis() + " ms" : ""));

        JsonNode stats = JsonTrees.read(slow.get("/stats").body(), "/stats");
        JsonNode pool = stats.path("workerPool");
        if (requestPoolBound() == 0) {
            assertTrue(pool.isNull(), () -> "a model without a request pool reports workerPool null: " + stats);
        } else {
            assertEquals(requestPoolBound(), pool.path("size").asInt(-1), () -> "workerPool.size with --workers " + WORKERS);
        }
        assertEquals(0, stats.path("requests").path("inFlight").asInt(-1), () -> "nothing in flight after: " + stats);
    }

    /** The tighter of two bounds, 0 meaning none. */
    private static int bound(int a, int b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void dashboardQueriesRunConcurrently(TestReporter reporter) throws Exception {
        ContractClient slow = slowClient();
        slow.get("/api/customers/3/dashboard"); // warm-up
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            ContractResponse r = slow.get("/api/customers/" + (10 + i) + "/dashboard");
            assertEquals(200, r.status(), r::toString);
            best = Math.min(best, r.elapsedNanos());
        }
        long bestMs = TimeUnit.NANOSECONDS.toMillis(best);
        reporter.publishEntry("dashboard (ms)", Long.toString(bestMs));
        assertTrue(bestMs < 2 * SLOW_QUERY.toMillis(), () -> "the dashboard's three " + SLOW_QUERY.toMillis()
                + " ms queries took " + bestMs + " ms at best; issued concurrently they take about one query's time");
        assertTrue(bestMs >= SLOW_QUERY.toMillis() - 10, () -> "the dashboard took " + bestMs
                + " ms, less than one query: is --db-latency applied?");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void admissionLimitAnswers503WithRetryAfter() throws Exception {
        // The first request holds the only slot for 2 s: ample time, even on a loaded machine.
        RunningServer limited = startServer("--max-in-flight", "1", "--db-latency", "2s");
        ContractClient c = clientFor(limited);
        try (ExecutorService caller = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ContractResponse> first = caller.submit(() -> c.get("/api/items/1"));
            awaitInFlight(c, 1);
            ContractResponse rejected = c.get("/api/cpu?rounds=1");
            ContractCase overloaded = ContractCase.builder("over-max-in-flight", "GET", "/api/cpu?rounds=1")
                    .expect(503, ContractCase.PROBLEM_JSON).header("Retry-After", "1")
                    .check((r, ctx) -> assertEquals("urn:threadlab:problem:overloaded",
                            JsonTrees.read(r.body(), r.toString()).path("type").asText(), "problem type"))
                    .build();
            overloaded.verify(rejected, new ContractCase.Context(model(), Map.of()));
            assertEquals(200, c.get("/health").status(), "/health is served beyond --max-in-flight");
            assertEquals(200, first.get(20, TimeUnit.SECONDS).status(), "the admitted request");
        }
        assertEquals(200, c.get("/api/cpu?rounds=1").status(), "the slot is free again once the first request is done");
        JsonNode stats = JsonTrees.read(c.get("/stats").body(), "/stats");
        assertEquals(1, stats.path("requests").path("rejected").asLong(-1), () -> "rejected count: " + stats);
        assertEquals(1, stats.path("requests").path("maxInFlight").asInt(-1), () -> "maxInFlight: " + stats);
    }

    private static void awaitInFlight(ContractClient c, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode stats = JsonTrees.read(c.get("/stats").body(), "/stats");
            if (stats.path("requests").path("inFlight").asInt() == expected) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("never saw " + expected + " request(s) in flight in /stats");
    }

    private ContractClient slowClient() throws Exception {
        if (slowServer == null) {
            // A pool bound makes callers queue for rounds of SLOW_QUERY: long enough a pool timeout for all of them.
            slowServer = startServer("--db-latency", SLOW_QUERY.toMillis() + "ms", "--workers", Integer.toString(WORKERS),
                    "--db-pool-timeout", "60s");
            slowClient = new ContractClient("127.0.0.1", slowServer.port(), ContractClient.REQUEST_TIMEOUT);
            clients.add(slowClient);
        }
        return slowClient;
    }

    /** {@code n} concurrent GET /api/items/1, each from its own virtual thread. */
    private static List<ContractResponse> burst(ContractClient c, int n) throws Exception {
        List<Future<ContractResponse>> futures = new ArrayList<>(n);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                futures.add(callers.submit(() -> c.get("/api/items/1")));
            }
            List<ContractResponse> responses = new ArrayList<>(n);
            for (Future<ContractResponse> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            return responses;
        }
    }
}
