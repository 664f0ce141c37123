package org.threadlab.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides when the JIT warm-up may end: once the server's JIT compilers have nearly stopped.
 * A daemon thread reads the server's {@code /stats} ({@code jvm.jitCompileMs}, the JVM's total
 * compile time) once a second; the warm-up ends when, after its minimum length, the compile
 * time grew by at most {@code share} of the wall time over the last {@value #WINDOW_S} seconds,
 * or when its maximum length is reached. The end is announced on stdout with a {@value #MARKER}
 * line, which the lab records.
 */
public final class JitSettle {
    public static final String MARKER = "threadlab-jit";
    public static final int WINDOW_S = 3;

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static volatile boolean done;

    private JitSettle() {
    }

    /** Whether the warm-up may end. */
    static boolean done() {
        return done;
    }

    /** Starts the watch, once per JVM; later calls do nothing. */
    static void start(String baseUrl, Duration min, Duration max, double share) {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            System.out.println(watch(baseUrl, min, max, share));
            System.out.flush();
            done = true;
        }, "threadlab-jit-settle");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Whether compile times sampled once a second (oldest first, the last {@value #WINDOW_S} + 1
     * of them) show the compilers settled: growth over the window at most {@code share} of it.
     */
    static boolean settled(Deque<Long> compileMs, double share) {
        if (compileMs.size() < WINDOW_S + 1 || compileMs.contains(-1L)) {
            return false;
        }
        return compileMs.peekLast() - compileMs.peekFirst() <= share * WINDOW_S * 1000;
    }

    /** Watches the server until the warm-up may end; returns the {@value #MARKER} line that says how it ended. */
    static String watch(String baseUrl, Duration min, Duration max, double share) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ObjectMapper json = new ObjectMapper();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/stats"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long start = System.currentTimeMillis();
        Deque<Long> window = new ArrayDeque<>();
        String reason = "maximum reached";
        long last = -1;
        while (System.currentTimeMillis() - start < max.toMillis()) {
            last = compileMs(client, json, request);
            window.addLast(last);
            while (window.size() > WINDOW_S + 1) {
                window.removeFirst();
            }
            if (System.currentTimeMillis() - start >= min.toMillis()) {
                if (settled(window, share)) {
                    reason = "settled";
                    break;
                }
                if (window.stream().allMatch(ms -> ms == -1) && window.size() > 1) {
                    reason = "no compile time from /stats";
                    break;
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return MARKER + " afterMs=" + (System.currentTimeMillis() - start) + " compileMs=" + last
                + " reason=" + reason.replace(' ', '_')
                + String.format(Locale.ROOT, " rule=compile_growth<=%.0f%%_of_%ds", share * 100, WINDOW_S);
    }

    /** The server's total JIT compile time, or -1 if /stats does not answer with it. */
    private static long compileMs(HttpClient client, ObjectMapper json, HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode n = r.statusCode() == 200 ? json.readTree(r.body()).path("jvm").path("jitCompileMs") : null;
            return n != null && n.canConvertToLong() ? n.asLong() : -1;
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
