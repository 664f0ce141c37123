package org.threadlab.core.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.contract.JsonTrees;
import org.threadlab.core.db.postgres.EmbeddedPostgresServer;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerFactory;
import org.threadlab.core.options.ServerOptions;

/**
 * PostgreSQL stops as a crash would while clients write orders, and comes back on the same port
 * after a short outage: the server answers every request meanwhile (201 or 503, never a 500 or a
 * hang), serves again once PostgreSQL is back (its pool reconnects), and every order it
 * acknowledged with 201 reads back afterwards, byte for byte. Each server module runs it:
 * <pre>{@code
 * class VirtualPostgresRestartTest extends PostgresRestartSuite {
 *     protected ServerFactory factory() { return VirtualServer::start; }
 *     protected String model() { return "virtual"; }
 * }
 * }</pre>
 */
public abstract class PostgresRestartSuite {
    private static final int WRITERS = 10;
    private static final Duration BEFORE = Duration.ofMillis(1500);
    private static final Duration OUTAGE = Duration.ofSeconds(2);
    /** How long after PostgreSQL is back the server may take to serve again (loose: a shared machine). */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);

    protected abstract ServerFactory factory();

    protected abstract String model();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    final void aRestartLosesNoAcknowledgedOrderAndTheServerServesAgain(TestReporter reporter) throws Exception {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(60);
        RunningServer server = null;
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            server = factory().start(ServerOptions.parse(model(), "--port", "0", "--db", "postgres", "--db-url",
                    postgres.target().url(), "--db-pool-size", "10", "--db-latency", "1ms", "--db-pool-timeout", "500ms"));
            URI base = URI.create("http://127.0.0.1:" + server.port());
            Map<Long, String> acknowledged = new ConcurrentHashMap<>();
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong lastOkNanos = new AtomicLong();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                running.add(writers.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String order = "{\"itemId\":" + (1 + (writer * 1000 + n) % 5000) + ",\"quantity\":1,\"customerId\":"
                                + (1 + writer) + "}";
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/orders"))
                                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(order)).build(), HttpResponse.BodyHandlers.ofString());
                        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicLong()).incrementAndGet();
                        if (r.statusCode() == 201) {
                            acknowledged.put(JsonTrees.read(r.body().getBytes(), "201").path("id").asLong(), r.body());
                            lastOkNanos.set(System.nanoTime());
                        } else if (r.statusCode() != 503) {
                            unexpected.add(r.statusCode() + " " + r.body());
                        } else {
                            Thread.sleep(20); // a client backing off, as Retry-After asks
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(BEFORE.toMillis());
            long before = acknowledged.size();
            postgres.stopAbruptly();
            long down = System.nanoTime();
            Thread.sleep(OUTAGE.toMillis());
            postgres.startAgain();
            long back = System.nanoTime();
            long deadline = back + RECOVERY_BOUND.toNanos();
            while (lastOkNanos.get() < back && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long servingAgainMs = lastOkNanos.get() > back ? (lastOkNanos.get() - back) / 1_000_000 : -1;
            Thread.sleep(500);
            stop.set(true);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            String summary = new TreeMap<>(statuses) + "; " + before + " orders before the stop, " + acknowledged.size()
                    + " in all; serving again " + servingAgainMs + " ms after PostgreSQL was back (outage "
                    + (back - down) / 1_000_000 + " ms)";
            reporter.publishEntry("restart", summary);
            System.out.println("[restart " + model() + "] " + summary);

            assertTrue(before > 0, "orders were written before the stop");
            assertEquals(List.of(), unexpected, "only 201 or 503 while PostgreSQL is down and back");
            assertTrue(statuses.containsKey(503), () -> "the outage was answered 503: " + statuses);
            assertTrue(servingAgainMs >= 0, () -> "no 201 within " + RECOVERY_BOUND.toSeconds()
                    + " s after PostgreSQL was back: " + statuses);
            List<String> lost = new ArrayList<>();
            for (Map.Entry<Long, String> e : acknowledged.entrySet()) {
                HttpResponse<String> read = http.send(HttpRequest.newBuilder(base.resolve("/api/orders/" + e.getKey()))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (read.statusCode() != 200 || !read.body().equals(e.getValue())) {
                    lost.add(e.getKey() + ": " + read.statusCode() + " " + read.body());
                }
            }
            assertEquals(List.of(), lost, "every acknowledged order reads back after the restart");
            JsonNode stats = JsonTrees.read(http.send(HttpRequest.newBuilder(base.resolve("/stats")).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body(), "/stats");
            assertTrue(stats.path("database").path("failed").asLong() > 0, () -> "/stats counts the failures: " + stats);
        } finally {
            stop.set(true); // the writers end, whatever failed
            writers.shutdownNow();
            writers.awaitTermination(30, TimeUnit.SECONDS);
            if (server != null) {
                server.close();
            }
            postgres.close();
        }
    }
}
