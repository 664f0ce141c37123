package org.threadlab.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.api.Api;
import org.threadlab.core.contract.JsonTrees;
import org.threadlab.core.db.DataSet;
import org.threadlab.core.options.RunningServer;

/**
 * Load: nothing is lost under concurrent writes, and a burst beyond {@code --max-in-flight} is shed with 503s while throughput recovers.
 * One policy of the {@link ReliabilitySuite}; it runs unless the subclass leaves {@code Policy.OVERLOAD} out
 * of {@link ReliabilityHarness#policies()}.
 */
public abstract class OverloadPolicy extends ConnectionTimeoutPolicy {
    // ---- nothing lost ---------------------------------------------------------------------------

    /**
     * 300 clients each create 10 orders and read each back through its Location: every 201 is
     * stored exactly once, with the ids that follow the seeded orders, and the server's counters
     * equal what the clients sent.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    final void nothingIsLostUnderConcurrentWrites(TestReporter reporter) throws Exception {
        assumePolicy(Policy.OVERLOAD);
        int clients = 300;
        int ordersEach = 10;
        RunningServer server = startServer();
        HttpClient http = httpClient();
        JsonNode before = stats(http, server);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < ordersEach; i++) {
                        int n = client * ordersEach + i;
                        long itemId = 1 + n % DataSet.ITEMS;
                        int quantity = 1 + n % 5;
                        long customerId = 1 + n % DataSet.CUSTOMERS;
                        String order = "{\"itemId\":" + itemId + ",\"quantity\":" + quantity + ",\"customerId\":"
                                + customerId + "}";
                        try {
                            sent.incrementAndGet();
                            HttpResponse<byte[]> created = send(http, server, "POST", "/api/orders", order);
                            if (created.statusCode() != 201) {
                                problems.add("POST " + order + " -> " + created.statusCode());
                                continue;
                            }
                            String location = created.headers().firstValue("Location").orElse("");
                            JsonNode body = JsonTrees.read(created.body(), "201 body");
                            long id = body.path("id").asLong();
                            if (!location.equals("/api/orders/" + id) || body.path("itemId").asLong() != itemId
                                    || body.path("quantity").asInt() != quantity
                                    || body.path("customerId").asLong() != customerId) {
                                problems.add("201 for " + order + " reads " + body + " at " + location);
                            }
                            if (!ids.add(id)) {
                                problems.add("order id " + id + " acknowledged twice");
                            }
                            sent.incrementAndGet();
                            HttpResponse<byte[]> read = send(http, server, "GET", location, null);
                            if (read.statusCode() != 200 || !java.util.Arrays.equals(read.body(), created.body())) {
                                problems.add("GET " + location + " -> " + read.statusCode() + " "
                                        + new String(read.body(), StandardCharsets.UTF_8) + ", created as "
                                        + new String(created.body(), StandardCharsets.UTF_8));
                            }
                        } catch (IOException e) {
                            problems.add(e.toString());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(100, TimeUnit.SECONDS);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        report(reporter, "orders", clients * ordersEach + " orders by " + clients + " clients, " + sent.get()
                + " requests in " + ms + " ms");
        assertTrue(problems.isEmpty(), () -> problems.size() + " problems, e.g. "
                + problems.stream().limit(5).toList());
        Set<Long> expectedIds = new TreeSet<>();
        for (long id = DataSet.ORDERS + 1; id <= DataSet.ORDERS + (long) clients * ordersEach; id++) {
            expectedIds.add(id);
        }
        assertEquals(expectedIds, new TreeSet<>(ids), "every order stored once, with the ids after the seeded ones");

        JsonNode after = stats(http, server);
        JsonNode b = before.path("requests");
        JsonNode a = after.path("requests");
        // The first /stats is counted after its own snapshot: hence +1.
        assertEquals(sent.get() + 1, a.path("served").asLong() - b.path("served").asLong(),
                () -> "requests served by the server's count vs the clients': " + after);
        assertEquals(sent.get(), after.path("database").path("queries").asLong()
                - before.path("database").path("queries").asLong(), "one query per request");
        assertEquals(0, a.path("serverErrors").asLong() - b.path("serverErrors").asLong(), "server errors");
        assertEquals(0, a.path("rejected").asLong() - b.path("rejected").asLong(), "rejected requests");
        assertEquals(0, a.path("inFlight").asInt(-1), "in flight afterwards");
    }

    // ---- overload -------------------------------------------------------------------------------

    /**
     * {@code --max-in-flight 50} over a 50 ms database: a burst of 2000 concurrent requests is
     * answered, 200 or 503 with Retry-After, nothing else; the server survives, and afterwards
     * closed-loop throughput is back to at least half the pre-spike level within 5 s.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    final void overloadIsShedAndThroughputRecovers(TestReporter reporter) throws Exception {
        assumePolicy(Policy.OVERLOAD);
        int limit = 50;
        int burst = 2000;
        int steadyClients = 40;
        RunningServer server = startServer("--max-in-flight", Integer.toString(limit), "--db-latency", "50ms");
        HttpClient steady = httpClient();
        closedLoop(steady, server, steadyClients, Duration.ofMillis(500));
        double before = closedLoop(steady, server, steadyClients, Duration.ofMillis(1500));
        assertTrue(before > 0, "no throughput before the spike");

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        List<String> badRejections = new CopyOnWriteArrayList<>();
        byte[] overloaded;
        long spikeStart = System.nanoTime();
        try (HttpClient spike = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(20)).build();
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                done.add(callers.submit(() -> {
                    go.await();
                    try {
                        HttpResponse<byte[]> r = spike.send(request(server, "GET", "/api/items/1", null),
                                HttpResponse.BodyHandlers.ofByteArray());
                        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (r.statusCode() == 503) {
                            String why = overloadedMiss(r);
                            if (why != null) {
                                badRejections.add(why);
                            }
                        }
                    } catch (IOException e) {
                        errors.add(e.toString());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        long spikeMs = (System.nanoTime() - spikeStart) / 1_000_000;
        int ok = statuses.getOrDefault(200, new AtomicInteger()).get();
        int shed = statuses.getOrDefault(503, new AtomicInteger()).get();
        report(reporter, "spike", burst + " concurrent requests in " + spikeMs + " ms: " + statuses
                + (errors.isEmpty() ? "" : ", " + errors.size() + " errors"));
        assertTrue(errors.isEmpty(), () -> errors.size() + " requests of the burst failed without an answer, e.g. "
                + errors.stream().distinct().limit(3).toList());
        assertEquals(Set.of(), statuses.keySet().stream().filter(s -> s != 200 && s != 503).collect(Collectors.toSet()),
                () -> "only 200 and 503 under overload: " + statuses);
        assertTrue(shed > 0, () -> "a burst of " + burst + " against --max-in-flight " + limit + " shed nothing: "
                + statuses);
        assertTrue(ok >= limit, () -> "fewer than " + limit + " requests of the burst were served: " + statuses);
        assertTrue(badRejections.isEmpty(), () -> "503s that are not core's overload answer: "
                + badRejections.stream().distinct().limit(3).toList());

        List<Long> windows = new ArrayList<>();
        boolean recovered = false;
        long recoveryStart = System.nanoTime();
        while (!recovered && System.nanoTime() - recoveryStart < TimeUnit.SECONDS.toNanos(5)) {
            double rate = closedLoop(steady, server, steadyClients, Duration.ofSeconds(1));
            windows.add(Math.round(rate));
            recovered = rate >= before / 2;
        }
        report(reporter, "throughput (requests/s)", "before " + Math.round(before) + ", after the spike "
                + windows);
        assertTrue(recovered, () -> "throughput did not return to half the pre-spike " + Math.round(before)
                + " requests/s within 5 s: " + windows);
        JsonNode stats = awaitStats(steady, server, s -> s.path("requests").path("inFlight").asInt(-1) == 0,
                "nothing in flight after the spike");
        JsonNode requests = stats.path("requests");
        assertTrue(requests.path("rejected").asLong() >= shed, () -> "rejected counts every 503: " + stats);
        assertTrue(requests.path("peakInFlight").asInt() <= limit, () -> "never more than " + limit + " in flight: "
                + stats);
        assertEquals(200, send(steady, server, "GET", "/health", null).statusCode());
    }
    private String overloadedMiss(HttpResponse<byte[]> r) {
        if (!"1".equals(r.headers().firstValue("Retry-After").orElse(null))) {
            return "503 without Retry-After: 1";
        }
        if (!model().equals(r.headers().firstValue(Api.MODEL_HEADER).orElse(null))) {
            return "503 without the model header";
        }
        String type = JsonTrees.read(r.body(), "503").path("type").asText();
        return type.equals(PROBLEM_PREFIX + "overloaded") ? null : "503 of type " + type;
    }

    /** Requests per second that {@code clients} callers, each waiting for its answer, get through. */
    private static double closedLoop(HttpClient http, RunningServer server, int clients, Duration duration)
            throws Exception {
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                callers.submit(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            if (send(http, server, "GET", "/api/items/1", null).statusCode() == 200) {
                                done.incrementAndGet();
                            }
                        } catch (IOException e) {
                            // not done: counts against the throughput
                        }
                    }
                });
            }
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }
}
