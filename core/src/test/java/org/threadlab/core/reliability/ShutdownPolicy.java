package org.threadlab.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.options.RunningServer;

/**
 * Shutdown: {@code close()} (what SIGTERM triggers) lets requests in flight finish up to {@code --shutdown-timeout} and gives up at it; a real process exits 0 on SIGTERM.
 * One policy of the {@link ReliabilitySuite}; it runs unless the subclass leaves {@code Policy.SHUTDOWN} out
 * of {@link ReliabilityHarness#policies()}.
 */
public abstract class ShutdownPolicy extends OverloadPolicy {
    // ---- shutdown -------------------------------------------------------------------------------

    /**
     * {@code close()} (what SIGTERM triggers through ServerMain) with 50 requests in flight on a
     * 500 ms database: new connections are refused at once, every request in flight completes with
     * 200, and close returns within {@code --shutdown-timeout}.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    final void shutdownLetsRequestsInFlightFinish(TestReporter reporter) throws Exception {
        assumePolicy(Policy.SHUTDOWN);
        assumeFeature(EngineFeature.GRACEFUL_SHUTDOWN);
        int inFlight = 50;
        Duration shutdownTimeout = Duration.ofSeconds(5);
        RunningServer server = startServer("--db-latency", "500ms", "--shutdown-timeout", "5s");
        HttpClient http = httpClient();
        HttpClient monitor = httpClient();
        assertEquals(200, send(http, server, "GET", "/health", null).statusCode());
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<byte[]>>> requests = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                String target = "/api/items/" + (i + 1);
                requests.add(callers.submit(() -> send(http, server, "GET", target, null)));
            }
            awaitStats(monitor, server, s -> s.path("requests").path("inFlight").asInt() >= inFlight,
                    inFlight + " requests in flight");
            long start = System.nanoTime();
            Future<?> closing = callers.submit(() -> {
                server.close();
                running.remove(server);
                return null;
            });
            long refusedMs = -1;
            int acceptedAfterClose = 0;
            while (!closing.isDone() && refusedMs < 0) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 500);
                    acceptedAfterClose++;
                } catch (ConnectException e) {
                    refusedMs = (System.nanoTime() - start) / 1_000_000;
                } catch (IOException e) {
                    // a timeout: try again
                }
                Thread.sleep(5);
            }
            closing.get(shutdownTimeout.plus(SLACK).toSeconds(), TimeUnit.SECONDS);
            long closeMs = (System.nanoTime() - start) / 1_000_000;
            List<String> outcomes = new ArrayList<>();
            for (Future<HttpResponse<byte[]>> f : requests) {
                try {
                    HttpResponse<byte[]> r = f.get(10, TimeUnit.SECONDS);
                    outcomes.add(Integer.toString(r.statusCode()));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(e.getCause().toString());
                }
            }
            long refused = refusedMs;
            int accepted = acceptedAfterClose;
            report(reporter, "shutdown", "close() took " + closeMs + " ms with " + inFlight
                    + " requests in flight; new connections refused after " + refused + " ms (" + accepted
                    + " accepted before)");
            assertEquals(Collections.nCopies(inFlight, "200"), outcomes, "every request in flight completes with 200");
            assertTrue(refused >= 0 && refused < 1000, () -> "new connections must be refused as soon as close starts;"
                    + " refused after " + refused + " ms, " + accepted + " accepted meanwhile");
            assertTrue(closeMs < shutdownTimeout.toMillis(), () -> "close() took " + closeMs
                    + " ms, more than --shutdown-timeout " + shutdownTimeout.toMillis() + " ms");
        }
    }

    /**
     * Requests that outlast {@code --shutdown-timeout} (1 s against a 10 s database) do not hold
     * shutdown: close returns within the deadline plus slack, and every caller gets an outcome.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    final void shutdownGivesUpAtItsDeadline(TestReporter reporter) throws Exception {
        assumePolicy(Policy.SHUTDOWN);
        assumeFeature(EngineFeature.GRACEFUL_SHUTDOWN);
        Duration shutdownTimeout = Duration.ofSeconds(1);
        RunningServer server = startServer("--db-latency", "10s", "--shutdown-timeout", "1s");
        HttpClient http = httpClient();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> requests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                requests.add(callers.submit(() -> {
                    try {
                        return Integer.toString(send(http, server, "GET", "/api/items/1", null).statusCode());
                    } catch (IOException e) {
                        return "no answer";
                    }
                }));
            }
            awaitStats(httpClient(), server, s -> s.path("requests").path("inFlight").asInt() >= 10,
                    "10 requests in flight");
            long start = System.nanoTime();
            server.close();
            running.remove(server);
            long closeMs = (System.nanoTime() - start) / 1_000_000;
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : requests) {
                outcomes.add(f.get(SLACK.toSeconds() + 2, TimeUnit.SECONDS));
            }
            report(reporter, "shutdown deadline", "close() took " + closeMs + " ms with --shutdown-timeout "
                    + shutdownTimeout.toMillis() + " ms; requests: " + outcomes);
            assertTrue(closeMs < shutdownTimeout.plus(SLACK).toMillis(), () -> "close() took " + closeMs
                    + " ms: requests beyond --shutdown-timeout must not hold shutdown");
            assertTrue(closeMs >= shutdownTimeout.toMillis() / 2, () -> "close() took only " + closeMs
                    + " ms: it must wait for requests in flight up to --shutdown-timeout");
        }
    }

    /**
     * The server as a process (its main class on the test class path): SIGTERM with 20 requests in
     * flight on a 500 ms database; every request completes with 200, and the process exits 0 within
     * {@code --shutdown-timeout} (plus slack).
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    final void sigtermLetsRequestsInFlightFinishAndExitsZero(TestReporter reporter) throws Exception {
        assumePolicy(Policy.SHUTDOWN);
        Assumptions.assumeTrue(mainClass() != null, "no main class to run as a process");
        assumeFeature(EngineFeature.GRACEFUL_SHUTDOWN);
        int inFlight = 20;
        Duration shutdownTimeout = Duration.ofSeconds(5);
        String javaCommand = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(javaCommand, "-cp", classPath,
                mainClass().getName()));
        command.addAll(BASE_OPTIONS);
        command.addAll(engineOptions());
        command.addAll(databaseOptions());
        command.addAll(List.of("--db-latency", "2s", "--shutdown-timeout", "5s"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            Pattern listening = Pattern.compile("listening on http://[^:]+:(\\d+)");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.add(line);
                    Matcher m = listening.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            port.complete(-1);
        });
        try {
            int p = port.get(30, TimeUnit.SECONDS);
            assertTrue(p > 0, () -> "the server process did not print its address: " + output);
            RunningServer remote = new RunningServer() {
                @Override
                public int port() {
                    return p;
                }

                @Override
                public void close() {
                }
            };
            HttpClient http = httpClient();
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> requests = new ArrayList<>();
                for (int i = 0; i < inFlight; i++) {
                    String target = "/api/items/" + (i + 1);
                    requests.add(callers.submit(() -> {
                        try {
                            return Integer.toString(send(http, remote, "GET", target, null).statusCode());
                        } catch (IOException e) {
                            return e.toString();
                        }
                    }));
                }
                awaitStats(httpClient(), remote, s -> s.path("requests").path("inFlight").asInt() >= inFlight,
                        inFlight + " requests in flight");
                long start = System.nanoTime();
                assertTrue(process.toHandle().destroy(), "could not send SIGTERM");
                boolean exited = process.waitFor(shutdownTimeout.plus(SLACK).toSeconds(), TimeUnit.SECONDS);
                long exitMs = (System.nanoTime() - start) / 1_000_000;
                List<String> outcomes = new ArrayList<>();
                for (Future<String> f : requests) {
                    outcomes.add(f.get(10, TimeUnit.SECONDS));
                }
                report(reporter, "sigterm", "exited " + (exited ? "with " + process.exitValue() + " after " + exitMs
                        + " ms" : "not within " + exitMs + " ms") + "; requests in flight: " + outcomes);
                assertTrue(exited, () -> "the process did not exit within --shutdown-timeout plus slack: " + output);
                assertEquals(0, process.exitValue(), () -> "exit status after SIGTERM: " + output);
                assertEquals(Collections.nCopies(inFlight, "200"), outcomes,
                        "every request in flight at SIGTERM completes with 200");
            }
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
