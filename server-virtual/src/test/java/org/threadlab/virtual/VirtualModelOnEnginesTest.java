package org.threadlab.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.reliability.LocalHttp;
import org.threadlab.core.options.ServerOptions;

/**
 * The virtual model on Netty and on Vert.x is the model it claims: while 400 requests wait 300 ms
 * each on the database, a thread dump (which, unlike {@code Thread.getAllStackTraces}, lists
 * virtual threads) shows them waiting on the model's own virtual threads ({@code request-N}), no
 * platform thread is inside a query, all 400 finish in a few multiples of 300 ms, and none of the
 * server's code pins a carrier (JFR).
 */
class VirtualModelOnEnginesTest {
    private static final int CALLERS = 400;
    private static final Duration LATENCY = Duration.ofMillis(300);
    private static final String QUERY_FRAME = "org.threadlab.core.db.SimulatedDatabase.query";

    @ParameterizedTest
    @ValueSource(strings = {"netty", "vertx"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void requestsWaitOnVirtualThreadsTogetherWithoutPinning(String engine, @TempDir Path dir) throws Exception {
        ServerOptions options = ServerOptions.parse("virtual", "--port", "0", "--engine", engine, "--db-latency",
                LATENCY.toMillis() + "ms");
        try (RunningServer server = VirtualServer.start(options);
             LocalHttp http = new LocalHttp(server.port())) {
            // Warm-up: the first requests load classes, and class loading still pins on JDK 25 (JEP 491 leaves it).
            http.burstOfItems(CALLERS).join();
            http.burstOfItems(CALLERS).join();
            List<RecordedEvent> pinned = new CopyOnWriteArrayList<>();
            try (RecordingStream jfr = new RecordingStream()) {
                jfr.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
                jfr.onEvent("jdk.VirtualThreadPinned", e -> {
                    if (ours(e)) {
                        pinned.add(e);
                    }
                });
                jfr.startAsync();
                long start = System.nanoTime();
                CompletableFuture<List<HttpResponse<String>>> responses = http.burstOfItems(CALLERS);
                Thread.sleep(LATENCY.toMillis() / 2);
                Path dump = dir.resolve("threads.json");
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                int platformInQuery = platformThreadsInQuery();
                List<HttpResponse<String>> done = responses.get(30, TimeUnit.SECONDS);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                jfr.stop();

                done.forEach(r -> assertEquals(200, r.statusCode(), r::body));
                int waiting = virtualRequestThreadsInQuery(dump);
                assertTrue(waiting >= CALLERS / 4, () -> "mid-burst, " + waiting + " request-N threads were in a query;"
                        + " one virtual thread per request expected (" + engine + ")");
                assertEquals(0, platformInQuery, "platform threads inside a query (" + engine + ")");
                assertTrue(elapsed.compareTo(Duration.ofSeconds(3)) < 0, () -> CALLERS + " requests of "
                        + LATENCY.toMillis() + " ms took " + elapsed.toMillis() + " ms on " + engine);
                assertEquals(List.of(), pinned.stream().map(RecordedEvent::toString).toList(),
                        "the server's virtual threads pinned their carrier (" + engine + ")");
                System.out.printf("virtual:%s: %d requests x %d ms in %d ms, %d on request threads mid-burst%n",
                        engine, CALLERS, LATENCY.toMillis(), elapsed.toMillis(), waiting);
            }
        }
    }
    /** Platform threads (all that getAllStackTraces lists) whose stack is inside a query. */
    private static int platformThreadsInQuery() {
        int n = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement frame : e.getValue()) {
                if ((frame.getClassName() + "." + frame.getMethodName()).equals(QUERY_FRAME)) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /** Threads named request-N (the model's virtual threads) in the JSON dump whose stack is inside a query. */
    private static int virtualRequestThreadsInQuery(Path dump) throws Exception {
        JsonNode root = new ObjectMapper().readTree(Files.readString(dump));
        int n = 0;
        for (JsonNode container : root.path("threadDump").path("threadContainers")) {
            for (JsonNode thread : container.path("threads")) {
                if (!thread.path("name").asText().startsWith("request-")) {
                    continue;
                }
                for (JsonNode frame : thread.path("stack")) {
                    if (frame.asText().contains(QUERY_FRAME + "(")) {
                        n++;
                        break;
                    }
                }
            }
        }
        return n;
    }

    /**
     * A pinning event whose stack passes through ThreadLab's code (the JDK's HttpClient pins on its
     * own), leaving out a class being loaded: a one-time cost that JEP 491 does not remove, and that a
     * late first use (a Netty listener class, say) can still hit after the warm-up.
     */
    private static boolean ours(RecordedEvent e) {
        if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
            return false;
        }
        String top = e.getStackTrace().getFrames().get(0).getMethod().getType().getName();
        if (top.startsWith("jdk.internal.loader.") || top.equals("java.lang.ClassLoader")) {
            return false;
        }
        for (RecordedFrame frame : e.getStackTrace().getFrames()) {
            if (frame.getMethod().getType().getName().startsWith("org.threadlab.")) {
                return true;
            }
        }
        return false;
    }
}
