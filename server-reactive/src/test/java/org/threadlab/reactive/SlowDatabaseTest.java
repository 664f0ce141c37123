package org.threadlab.reactive;

import org.threadlab.core.reliability.LocalHttp;
import org.threadlab.vertx.VertxServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxOptions;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With a 300 ms database, a handful of event loops hold hundreds of requests at once, and a
 * dashboard's three queries overlap. A server that waited on its threads would fail both.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlowDatabaseTest {
    private static final long LATENCY_MILLIS = 300;
    private static final int CALLERS = 400;
    private static VertxServer server;
    private static LocalHttp http;

    @BeforeAll
    static void start() {
        server = ReactiveServer.onVertx(ReactiveServerTest.options("--db-latency", LATENCY_MILLIS + "ms"),
                new VertxOptions());
        http = new LocalHttp(server.port());
        // Warm-up: class loading and the first connection are not what is measured.
        http.get("/api/items/1");
        http.get("/api/customers/1/dashboard");
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    @Test
    void fourHundredConcurrentCallersAreServedInAFewLatencies() throws Exception {
        long start = System.nanoTime();
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CALLERS; i++) {
                responses.add(callers.submit(() -> http.get("/api/items/1")));
            }
            for (Future<HttpResponse<String>> response : responses) {
                assertEquals(200, response.get(20, TimeUnit.SECONDS).statusCode());
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // One at a time per event loop would take CALLERS / loops * 300 ms: 30 s on four loops.
        assertTrue(millis < 3_000, CALLERS + " requests took " + millis + " ms");
        int peak = peakInFlight(http.get("/stats").body());
        int loops = server.verticlePorts().size();
        assertTrue(peak > 10 * loops, "at most " + peak + " requests were in flight at once on " + loops + " loops");
    }

    @Test
    void aDashboardTakesOneQuerysLatencyNotThree() {
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = http.get("/api/customers/" + (10 + i) + "/dashboard");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(200, r.statusCode());
            assertTrue(millis >= LATENCY_MILLIS - 10, "dashboard in " + millis + " ms");
            assertTrue(millis < 2 * LATENCY_MILLIS, "dashboard in " + millis + " ms: queries ran one after another");
        }
    }

    private static int peakInFlight(String stats) {
        Matcher m = Pattern.compile("\"requests\":\\{[^}]*\"peakInFlight\":(\\d+)").matcher(stats);
        assertTrue(m.find(), stats);
        return Integer.parseInt(m.group(1));
    }
}
