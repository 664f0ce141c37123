package org.threadlab.core.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.api.Api;
import org.threadlab.core.contract.ContractCase;
import org.threadlab.core.db.DatabaseException;
import org.threadlab.core.options.RunningServer;

/**
 * Database faults: failed queries are 503, slow ones 504, an exhausted pool 503 busy, each with core's body.
 * One policy of the {@link ReliabilitySuite}; it runs unless the subclass leaves {@code Policy.DATABASE_FAULTS} out
 * of {@link ReliabilityHarness#policies()}.
 */
public abstract class DatabaseFaultPolicy extends ShutdownPolicy {
    // ---- database faults ------------------------------------------------------------------------

    /** {@code --db-error-rate 1}: every endpoint that queries answers core's 503, with Retry-After. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    final void databaseErrorsAre503OnEveryEndpointThatQueries() throws Exception {
        assumePolicy(Policy.DATABASE_FAULTS);
        RunningServer server = startServer("--db-error-rate", "1");
        HttpClient http = httpClient();
        byte[] body = expected.failure(new DatabaseException.Unavailable()).body();
        String order = "{\"itemId\":7,\"quantity\":1,\"customerId\":5}";
        List<String[]> querying = List.of(new String[] {"GET", "/api/items/1"}, new String[] {"GET", "/api/items?limit=2"},
                new String[] {"GET", "/api/orders/1"}, new String[] {"GET", "/api/customers/1/dashboard"},
                new String[] {"POST", "/api/orders"});
        for (String[] q : querying) {
            HttpResponse<byte[]> r = send(http, server, q[0], q[1], q[0].equals("POST") ? order : null);
            String about = q[0] + " " + q[1] + " with --db-error-rate 1";
            assertFault(r, 503, body, about);
            assertEquals("1", r.headers().firstValue("Retry-After").orElse(null), "Retry-After of " + about);
        }
        assertEquals(200, send(http, server, "GET", "/health", null).statusCode(), "/health does not query");
        assertEquals(200, send(http, server, "GET", "/api/cpu?rounds=1", null).statusCode(), "/api/cpu does not query");
        assertEquals(400, send(http, server, "GET", "/api/items/abc", null).statusCode(), "validation comes first");
        JsonNode stats = stats(http, server);
        assertTrue(stats.path("database").path("failed").asLong() >= querying.size() + 2,
                () -> "the dashboard's three queries all fail: " + stats);
        assertEquals(querying.size(), stats.path("requests").path("serverErrors").asLong(), () -> "server errors: "
                + stats);
    }

    /** {@code --db-query-timeout 10ms} over a 200 ms database: core's 504, long before the 200 ms. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    final void queryTimeoutIs504Quickly(TestReporter reporter) throws Exception {
        assumePolicy(Policy.DATABASE_FAULTS);
        RunningServer server = startServer("--db-query-timeout", "10ms", "--db-latency", "200ms");
        HttpClient http = httpClient();
        byte[] body = expected.failure(new DatabaseException.QueryTimeout()).body();
        send(http, server, "GET", "/api/items/1", null); // warm-up: connection and code paths
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> r = send(http, server, "GET", "/api/items/" + (i + 2), null);
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
            assertFault(r, 504, body, "a 200 ms query with --db-query-timeout 10ms");
        }
        assertFault(send(http, server, "GET", "/api/customers/3/dashboard", null), 504, body,
                "a dashboard with --db-query-timeout 10ms");
        long fastest = best;
        report(reporter, "504 after (ms)", Long.toString(fastest));
        assertTrue(fastest < 150, () -> "the 504 came after " + fastest + " ms: the query must be given up at "
                + "--db-query-timeout (10 ms), not at its 200 ms latency");
    }

    /** One pool slot held 300 ms, 50 ms of patience: of 20 concurrent requests, most get core's 503 busy. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    final void poolExhaustionIs503Busy() throws Exception {
        assumePolicy(Policy.DATABASE_FAULTS);
        RunningServer server = startServer("--db-pool-size", "1", "--db-pool-timeout", "50ms", "--db-latency", "300ms");
        HttpClient http = httpClient();
        byte[] body = expected.failure(new DatabaseException.PoolTimeout()).body();
        List<HttpResponse<byte[]>> responses = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String target = "/api/items/" + (i + 1);
                futures.add(callers.submit(() -> send(http, server, "GET", target, null)));
            }
            for (Future<HttpResponse<byte[]>> f : futures) {
                responses.add(f.get(20, TimeUnit.SECONDS));
            }
        }
        List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).sorted().toList();
        long busy = statuses.stream().filter(s -> s == 503).count();
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 503), () -> "only 200 and 503: " + statuses);
        assertTrue(statuses.contains(200), () -> "the request holding the slot is served: " + statuses);
        assertTrue(busy >= 10, () -> "most of 20 requests over one slot give up after 50 ms: " + statuses);
        for (HttpResponse<byte[]> r : responses) {
            if (r.statusCode() == 503) {
                assertFault(r, 503, body, "pool exhausted");
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(null), "Retry-After when busy");
            }
        }
    }

    private void assertFault(HttpResponse<byte[]> r, int status, byte[] body, String about) {
        assertEquals(status, r.statusCode(), () -> about + ": " + new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(ContractCase.PROBLEM_JSON, r.headers().firstValue("Content-Type").orElse(null), about);
        assertEquals(model(), r.headers().firstValue(Api.MODEL_HEADER).orElse(null), about);
        assertArrayEquals(body, r.body(), () -> about + ": the body must be core's, byte for byte, got "
                + new String(r.body(), StandardCharsets.UTF_8));
    }
}
