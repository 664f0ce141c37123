package org.threadlab.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.reliability.LocalHttp;
import org.threadlab.core.options.ServerOptions;

/**
 * The reactive model on plain Netty never blocks its event loop: on one I/O thread, 400 requests
 * that each wait 300 ms on the database finish in a few multiples of 300 ms (a loop that waited
 * would take 400 × 300 ms), and the loop, sampled all along, is never seen waiting: not in a
 * query, a sleep or a park, only in its selector or running handlers.
 */
class ReactiveOnNettyEventLoopTest {
    private static final int CALLERS = 400;
    private static final Duration LATENCY = Duration.ofMillis(300);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void oneEventLoopServesFourHundredSlowRequestsAtOnceAndNeverWaits() throws Exception {
        ServerOptions options = ServerOptions.parse("reactive", "--port", "0", "--engine", "netty", "--io-threads", "1",
                "--db-latency", LATENCY.toMillis() + "ms");
        try (RunningServer server = ReactiveServer.start(options);
             LocalHttp http = new LocalHttp(server.port())) {
            http.burstOfItems(CALLERS).join();
            List<String> waits = new ArrayList<>();
            int[] samples = {0};
            Thread sampler = Thread.ofPlatform().name("loop-sampler").daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                        if (e.getKey().getName().startsWith("io-")) {
                            samples[0]++;
                            String waiting = waiting(e.getValue());
                            if (waiting != null) {
                                synchronized (waits) {
                                    waits.add(waiting);
                                }
                            }
                        }
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
            });
            long start = System.nanoTime();
            List<HttpResponse<String>> done = http.burstOfItems(CALLERS).get(30, TimeUnit.SECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            sampler.interrupt();
            sampler.join();

            done.forEach(r -> assertEquals(200, r.statusCode(), r::body));
            assertTrue(elapsed.compareTo(Duration.ofSeconds(3)) < 0, () -> CALLERS + " requests of "
                    + LATENCY.toMillis() + " ms on one event loop took " + elapsed.toMillis() + " ms");
            assertTrue(samples[0] > 10, "the event loop was sampled " + samples[0] + " times");
            synchronized (waits) {
                assertEquals(List.of(), waits, "the event loop was seen waiting");
            }
        }
    }

    /** The frame that shows a thread waiting outside its selector, or null. */
    private static String waiting(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            String at = f.getClassName() + "." + f.getMethodName();
            if (at.startsWith("sun.nio.ch.") || at.startsWith("io.netty.channel.nio.")) {
                return null; // the selector: idle, the one wait an event loop has
            }
            if (at.equals("org.threadlab.core.db.SimulatedDatabase.query") || at.equals("java.lang.Thread.sleep")
                    || at.startsWith("java.util.concurrent.locks.LockSupport.park")) {
                return at;
            }
        }
        return null;
    }
}
