package org.threadlab.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;

/**
 * Checks that the server really is the model it claims: a bounded pool of platform threads.
 * A server that ran requests on more threads, on virtual threads, or that ignored the queue
 * bound, fails here.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerPoolModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The engine under the model; none for its default (Netty). */
    protected List<String> engineOptions() {
        return List.of();
    }

    private RunningServer start(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(engineOptions());
        all.addAll(List.of(args));
        return BlockingServer.start(ServerOptions.parse("blocking", all.toArray(String[]::new)));
    }

    private static HttpClient client(ExecutorService executor) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isWorker(Thread t) {
        return t.getName().matches("worker-\\d+");
    }

    private static boolean isQuerying(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals("org.threadlab.core.db.SimulatedDatabase")
                    && frame.getMethodName().equals("query")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void fourHundredRequestsRunOnExactlyTwentyPlatformThreadsInTwentyRounds() throws Exception {
        int workers = 20;
        int requests = 400;
        Duration latency = Duration.ofMillis(300);
        try (RunningServer server = start("--workers", "" + workers, "--db-latency", latency.toMillis() + "ms");
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient client = client(callers);
            int port = server.port();
            // Warm up the event loops and the client so that the baseline holds their threads.
            for (int i = 0; i < 8; i++) {
                assertEquals(200, get(client, port, "/health").statusCode());
            }
            int baselineThreads = JSON.readTree(get(client, port, "/stats").body()).at("/jvm/liveThreads").asInt();

            AtomicInteger peakWorkerThreads = new AtomicInteger();
            Set<String> querying = ConcurrentHashMap.newKeySet();
            AtomicInteger peakLiveThreads = new AtomicInteger();
            List<JsonNode> poolDuringRun = new ArrayList<>();
            Thread sampler = Thread.ofPlatform().name("sampler").daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    int workerThreads = 0;
                    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                        if (isWorker(e.getKey())) {
                            workerThreads++;
                            if (isQuerying(e.getValue())) {
                                querying.add(e.getKey().getName());
                            }
                        }
                    }
                    peakWorkerThreads.accumulateAndGet(workerThreads, Math::max);
                    try {
                        Thread.sleep(25);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            });

            long start = System.nanoTime();
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                results.add(callers.submit(() -> get(client, port, "/api/items/1").statusCode()));
            }
            // Ask the server itself while the run is on. /stats is answered on the event loop, not
            // queued on a worker, so it comes back at once although the pool is saturated and
            // hundreds of requests wait (behind them it would take most of the ~6 s run).
            Thread.sleep(latency.multipliedBy(3).toMillis());
            long asked = System.nanoTime();
            JsonNode stats = JSON.readTree(get(client, port, "/stats").body());
            Duration statsTook = Duration.ofNanos(System.nanoTime() - asked);
            peakLiveThreads.set(stats.at("/jvm/liveThreads").asInt());
            poolDuringRun.add(stats.get("workerPool"));

            int ok = 0;
            for (Future<Integer> result : results) {
                if (result.get(30, TimeUnit.SECONDS) == 200) {
                    ok++;
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            sampler.interrupt();
            sampler.join();

            System.out.printf("%d requests, %d workers, %s latency: %d ms; worker threads %d (querying %d);"
                    + " live threads %d -> %d%n", requests, workers, latency, elapsed.toMillis(), peakWorkerThreads.get(),
                    querying.size(), baselineThreads, peakLiveThreads.get());
            assertEquals(requests, ok, "every request should succeed");
            assertEquals(workers, peakWorkerThreads.get(), "worker threads alive at most");
            assertEquals(workers, querying.size(), "distinct worker threads seen waiting on the database: " + querying);
            JsonNode pool = poolDuringRun.get(0);
            assertEquals(workers, pool.get("size").asInt(), "pool size in /stats: " + pool);
            assertTrue(statsTook.compareTo(Duration.ofSeconds(1)) < 0,
                    "/stats waited " + statsTook.toMillis() + " ms behind the load: " + pool);
            assertTrue(pool.get("queued").asInt() > 0, "/stats should be answered while requests queue: " + pool);
            // The JVM's platform threads grow by the pool and little more (a few carrier and
            // client threads), not by one per request.
            int growth = peakLiveThreads.get() - baselineThreads;
            assertTrue(growth <= workers + 12, "platform threads grew by " + growth + " from " + baselineThreads);

            Duration rounds = latency.multipliedBy(requests / workers);
            assertTrue(elapsed.compareTo(rounds.multipliedBy(8).dividedBy(10)) >= 0,
                    "faster than " + (requests / workers) + " rounds of the latency allow: " + elapsed);
            assertTrue(elapsed.compareTo(rounds.multipliedBy(3)) <= 0, "far slower than the model: " + elapsed);

            JsonNode after = JSON.readTree(get(client, port, "/stats").body());
            assertTrue(after.at("/workerPool/completed").asLong() >= requests, after.toString());
            // The API and the database never saw more requests at once than there are workers.
            assertEquals(workers, after.at("/requests/peakInFlight").asInt(), after.toString());
            assertEquals(workers, after.at("/database/peakInFlight").asInt(), after.toString());
        }
    }

    @Test
    void fullQueueIsAnswered503WithRetryAfter() throws Exception {
        int requests = 8;
        try (RunningServer server = start("--workers", "1", "--worker-queue", "1", "--db-latency", "1s");
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient client = client(callers);
            int port = server.port();
            List<Future<HttpResponse<String>>> results = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                results.add(callers.submit(() -> get(client, port, "/api/items/1")));
            }
            int ok = 0;
            int rejected = 0;
            for (Future<HttpResponse<String>> result : results) {
                HttpResponse<String> r = result.get(30, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    rejected++;
                    assertEquals(503, r.statusCode(), r.body());
                    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(null));
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
                    assertEquals("blocking", r.headers().firstValue("X-Concurrency-Model").orElse(null));
                    assertEquals(503, JSON.readTree(r.body()).get("status").asInt());
                }
            }
            assertTrue(ok >= 1 && ok <= requests - 1, "one thread and one queue slot: " + ok + " served");
            assertTrue(rejected >= 1, "a full queue must be refused");
            JsonNode stats = JSON.readTree(get(client, port, "/stats").body());
            assertEquals(rejected, stats.at("/requests/rejected").asInt(), stats.toString());
            assertEquals(1, stats.at("/workerPool/queueCapacity").asInt());
        }
    }
}
