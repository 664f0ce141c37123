package org.threadlab.reactive;

import org.threadlab.core.reliability.LocalHttp;
import org.threadlab.vertx.VertxServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadlab.reactive.BlockedThreadWarnings.Warning;

/**
 * Vert.x's own watchdog, set tight, never finds an event loop waiting under load. The control
 * case puts a loop to sleep on purpose, to show that the check sees it.
 *
 * <p>The watchdog measures wall time, so on a busy machine it also reports loops that the OS
 * merely preempted in the middle of a few microseconds of work. Its stack trace tells the two
 * apart: a waiting loop is asleep or parked, a preempted one is running. Preempted reports are
 * tolerated while they stay shorter than one query; a loop that waited for the database would
 * be reported waiting, and for at least the query's latency.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlockedThreadCheckTest {
    private static final long DB_LATENCY_MILLIS = 300;
    private static final long MAX_EVENT_LOOP_MILLIS = 50;
    private static final int CALLERS = 400;

    static VertxOptions tightChecker() {
        return new VertxOptions()
                .setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MILLIS)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                // Every report carries the loop's stack: what it was doing decides the verdict.
                .setWarningExceptionTime(1)
                .setWarningExceptionTimeUnit(TimeUnit.NANOSECONDS);
    }

    @Test
    void controlTheCheckSeesAnEventLoopThatSleeps() throws Exception {
        Vertx vertx = Vertx.vertx(tightChecker());
        try (BlockedThreadWarnings log = BlockedThreadWarnings.capture()) {
            CountDownLatch slept = new CountDownLatch(1);
            vertx.runOnContext(v -> {
                try {
                    Thread.sleep(4 * MAX_EVENT_LOOP_MILLIS); // the very thing the server must never do
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                slept.countDown();
            });
            assertTrue(slept.await(5, TimeUnit.SECONDS));
            List<Warning> warnings = log.warnings();
            assertFalse(warnings.isEmpty(), "the capture saw no warning");
            assertTrue(warnings.stream().allMatch(Warning::waiting), warnings::toString);
            assertTrue(warnings.stream().allMatch(w -> w.blockedMillis() >= MAX_EVENT_LOOP_MILLIS), warnings::toString);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void noEventLoopWaitsUnderConcurrentLoad() throws Exception {
        try (VertxServer server = ReactiveServer.onVertx(
                     ReactiveServerTest.options("--db-latency", DB_LATENCY_MILLIS + "ms"), tightChecker());
             LocalHttp http = new LocalHttp(server.port())) {
            String[] targets = {"/api/items/1", "/api/items?limit=20", "/api/customers/7/dashboard", "/api/orders/5",
                    "/health"};
            // First use loads and compiles classes on the loops; that is start-up, not blocking.
            for (int round = 0; round < 3; round++) {
                for (String target : targets) {
                    assertEquals(200, http.get(target).statusCode(), target);
                }
                assertEquals(201, http.post("/api/orders", "application/json",
                        "{\"customerId\":3,\"itemId\":4,\"quantity\":1}").statusCode());
            }
            try (BlockedThreadWarnings log = BlockedThreadWarnings.capture();
                 ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<HttpResponse<String>>> responses = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    int n = i;
                    responses.add(callers.submit(() -> n % 8 == 7
                            ? http.post("/api/orders", "application/json",
                                    "{\"customerId\":" + (1 + n) + ",\"itemId\":" + (1 + n) + ",\"quantity\":2}")
                            : http.get(targets[n % targets.length])));
                }
                List<Integer> statuses = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                for (Future<HttpResponse<String>> response : responses) {
                    try {
                        statuses.add(response.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                                .statusCode());
                    } catch (TimeoutException e) {
                        break;
                    }
                }
                callers.shutdownNow();
                // Give the watchdog a few more rounds to report anything late.
                Thread.sleep(5 * 10);
                List<Warning> warnings = log.warnings();
                List<Warning> waits = warnings.stream()
                        .filter(w -> w.waiting() || w.blockedMillis() >= DB_LATENCY_MILLIS)
                        .toList();
                assertTrue(waits.isEmpty(), waits.size() + " reports of a waiting loop: "
                        + waits.subList(0, Math.min(5, waits.size())));
                if (!warnings.isEmpty()) {
                    System.out.println(warnings.size() + " reports of a preempted (running) loop, tolerated: "
                            + warnings.subList(0, Math.min(5, warnings.size())));
                }
                assertEquals(CALLERS, statuses.size(), "answers within 10 s");
                assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 201), statuses::toString);
            }
        }
    }
}
