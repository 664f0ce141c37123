package org.threadlab.core.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.TransportFailure;
import org.threadlab.core.contract.ContractCase;
import org.threadlab.core.contract.ContractResponse;
import org.threadlab.core.contract.JsonTrees;
import org.threadlab.core.db.DataSet;
import org.threadlab.core.db.DatabaseException;
import org.threadlab.core.db.SimulatedDatabase;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerFactory;
import org.threadlab.core.options.ServerOptions;

/**
 * What every server does when things go wrong, written once. A server module runs it with a
 * subclass:
 * <pre>{@code
 * class BlockingReliabilityTest extends ReliabilitySuite {
 *     protected ServerFactory factory() { return BlockingServer::start; }
 *     protected String model() { return "blocking"; }
 *     protected Class<?> mainClass() { return Main.class; }
 * }
 * }</pre>
 * Each test starts its own server on port 0 with the options it is about, and the suite stops
 * every server it started. Timing checks are loose (seconds of slack), as the machine is shared.
 *
 * <ul>
 *   <li>{@link #badInputBattery}: the {@link BadInputs} table over raw sockets, then the server must
 *       still serve, and its counters must match what it answered;</li>
 *   <li>{@link #slowClientsAreCutOffWhileOthersAreServed} and {@link #idleConnectionsAreHeldThenClosed}:
 *       {@code --read-timeout} and {@code --idle-timeout};</li>
 *   <li>{@link #nothingIsLostUnderConcurrentWrites}: 3000 orders from 300 clients, all read back,
 *       counters equal to the clients' counts;</li>
 *   <li>{@link #overloadIsShedAndThroughputRecovers}: a 2000-request burst against
 *       {@code --max-in-flight 50};</li>
 *   <li>{@link #shutdownLetsRequestsInFlightFinish} and {@link #shutdownGivesUpAtItsDeadline}:
 *       {@code close()}, which SIGTERM triggers through ServerMain; and, when the subclass names its
 *       {@link #mainClass()}, {@link #sigtermLetsRequestsInFlightFinishAndExitsZero} with a real process;</li>
 *   <li>the database faults: 503, 504 and pool exhaustion, with core's bodies.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReliabilitySuite {
    /** Every server here starts with these, then the test's own options (later flags win). */
    protected static final List<String> BASE_OPTIONS = List.of("--port", "0", "--db-latency", "1ms", "--db-seed", "42");
    /** Connections of each server's pool when a subclass runs the suite on PostgreSQL. */
    protected static final int POSTGRES_POOL = 60;
    /** Slack on every "within a timeout" bound: the machine is shared with other builds. */
    protected static final Duration SLACK = Duration.ofSeconds(3);
    private static final String PROBLEM_PREFIX = "urn:threadlab:problem:";

    private final List<RunningServer> running = new CopyOnWriteArrayList<>();
    private final List<HttpClient> httpClients = new CopyOnWriteArrayList<>();
    private SimulatedDatabase expectedDatabase;
    private Api expected;

    /** What only a real HTTP engine provides; a subclass lacking one skips the tests that need it. */
    protected enum EngineFeature {
        /** A real HTTP parser with request-line, header and framing limits (the socket battery's engine rows). */
        PARSER_LIMITS,
        /** {@code --read-timeout} and {@code --idle-timeout}. */
        CONNECTION_TIMEOUTS,
        /** {@code close()} stops accepting and lets requests in flight finish, up to {@code --shutdown-timeout}. */
        GRACEFUL_SHUTDOWN
    }

    /** Starts this model's server, e.g. {@code BlockingServer::start}. */
    protected abstract ServerFactory factory();

    /** The model's name, as in the X-Concurrency-Model header. */
    protected abstract String model();

    /**
     * The server module's main class (the one that calls {@code ServerMain.run}), to run the server
     * as a process of its own and stop it with SIGTERM; null skips that test.
     */
    protected Class<?> mainClass() {
        return null;
    }

    /** The features this server lacks; none for the three real servers. */
    protected Set<EngineFeature> lacking() {
        return Set.of();
    }

    @BeforeAll
    final void expectedAnswers() {
        // Core's own answers, to compare bodies byte for byte: they must come from core, not the transport.
        expectedDatabase = SimulatedDatabase.create(ServerOptions.parse(model(), "--port", "0"));
        expected = new Api(model(), expectedDatabase, 0, null);
    }

    /** Each test's servers stop when it ends, so that their database connections do not pile up. */
    @AfterEach
    final void stopServers() {
        for (RunningServer s : running) {
            s.close();
        }
        running.clear();
    }

    @AfterAll
    final void stopEverything() {
        httpClients.forEach(HttpClient::close);
        for (RunningServer s : running) {
            s.close();
        }
        running.clear();
        if (expectedDatabase != null) {
            expectedDatabase.close();
        }
    }

    /**
     * Options that choose the database, given to every server the suite starts after
     * {@link #BASE_OPTIONS} and before the test's own; none for the simulated database. Called once
     * per server.
     */
    protected List<String> databaseOptions() {
        return List.of();
    }

    /** Options that choose the engine ({@code --engine vertx}); none for the model's default engine. */
    protected List<String> engineOptions() {
        return List.of();
    }

    /** Starts a server with {@link #BASE_OPTIONS} and then {@code options}; it is stopped after the class. */
    protected final RunningServer startServer(String... options) throws Exception {
        List<String> args = new ArrayList<>(BASE_OPTIONS);
        args.addAll(engineOptions());
        args.addAll(databaseOptions());
        args.addAll(List.of(options));
        RunningServer server = factory().start(ServerOptions.parse(model(), args.toArray(String[]::new)));
        running.add(server);
        assertTrue(server.port() > 0, "the server reports the port it bound");
        return server;
    }

    private void assumeFeature(EngineFeature feature) {
        Assumptions.assumeFalse(lacking().contains(feature), () -> model() + " lacks " + feature);
    }

    // ---- bad input ---------------------------------------------------------------------------

    /**
     * Every row of {@link BadInputs} on its own connection, then the server must still serve, and
     * its request counters must account for every answer it gave. A subclass lacking
     * {@link EngineFeature#PARSER_LIMITS} runs only the rows that core decides.
     */
    @TestFactory
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    final Stream<DynamicTest> badInputBattery(TestReporter reporter) throws Exception {
        boolean engineRows = !lacking().contains(EngineFeature.PARSER_LIMITS);
        List<BadInput> inputs = BadInputs.all().stream()
                .filter(b -> engineRows || b.layer() == BadInput.Layer.CORE).toList();
        RunningServer server = startServer(BadInputs.OPTIONS.toArray(String[]::new));
        HttpClient http = httpClient();
        long servedBefore = stats(http, server).path("requests").path("served").asLong();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger closedWithoutAnswer = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<String, String> differing = new ConcurrentHashMap<>();

        Stream<DynamicTest> rows = inputs.stream().map(input -> dynamicTest(input.toString(), () -> {
            boolean awaitClose = input.allowed().stream()
                    .anyMatch(o -> o instanceof Outcome.Answer a && a.closesConnection() || o instanceof Outcome.Closed);
            RawHttp.Result result = RawHttp.exchange(server.port(), input.bytes(), input.halfClose(),
                    input.responses(), awaitClose);
            List<String> misses = new ArrayList<>();
            for (Outcome outcome : input.allowed()) {
                String miss = miss(outcome, input, result);
                if (miss == null) {
                    if (outcome instanceof Outcome.Answer) {
                        answered.addAndGet(result.responses().size());
                    } else if (outcome instanceof Outcome.Closed) {
                        closedWithoutAnswer.incrementAndGet();
                    }
                    if (input.difference() != null) {
                        differing.put(input.name(), outcome.toString());
                    }
                    return;
                }
                misses.add("not " + outcome + ": " + miss);
            }
            failed.incrementAndGet();
            fail(input.name() + " (" + RawHttp.preview(input.bytes()) + ") got " + result + "; "
                    + String.join("; ", misses));
        }));

        DynamicTest after = dynamicTest("after " + inputs.size() + " bad inputs the server still serves", () -> {
            assertEquals(200, send(http, server, "GET", "/health", null).statusCode(), "/health after the battery");
            assertOrderRoundTrip(http, server);
            assertEquals(200, send(http, server, "GET", "/api/items?limit=3", null).statusCode());
            JsonNode stats = stats(http, server);
            JsonNode requests = stats.path("requests");
            assertEquals(0, requests.path("inFlight").asInt(-1), () -> "nothing left in flight: " + stats);
            String statsText = stats.toString();
            for (String secret : List.of(System.getProperty("java.home"), System.getProperty("user.dir"),
                    "password", "secret", "--db-seed", "db-seed")) {
                assertFalse(statsText.toLowerCase(Locale.ROOT).contains(secret.toLowerCase(Locale.ROOT)),
                        () -> "/stats shows '" + secret + "': " + statsText);
            }
            if (failed.get() == 0) {
                // The first /stats counts itself after its snapshot; the round trip above sent 4 requests.
                long served = requests.path("served").asLong() - servedBefore - 1 - 4;
                long low = answered.get();
                long high = answered.get() + closedWithoutAnswer.get();
                assertTrue(served >= low && served <= high, () -> "the server counted " + served
                        + " requests for the battery; it answered " + low + " through core and closed "
                        + closedWithoutAnswer.get() + " connections without an answer: every answer goes through core");
            }
            report(reporter, "bad inputs", inputs.size() + " sent (" + (engineRows ? "all" : "core rows only")
                    + "), " + failed.get() + " failed, " + differing.size() + " within the allowed engine differences "
                    + differing + "; still serving");
        });
        return Stream.concat(rows, Stream.of(after));
    }

    /** Why {@code result} is not {@code outcome}, or null when it is. */
    private String miss(Outcome outcome, BadInput input, RawHttp.Result result) {
        if (result.extra().length > 0) {
            return "a second answer followed: " + RawHttp.preview(result.extra());
        }
        switch (outcome) {
            case Outcome.Closed c -> {
                return result.responses().isEmpty() && result.closed() ? null
                        : result.responses().isEmpty() ? "the connection stayed open" : "it answered";
            }
            case Outcome.EngineAnswer e -> {
                if (result.responses().isEmpty()) {
                    return "no answer";
                }
                ContractResponse r = result.responses().get(0);
                return r.status() != e.status() ? "status " + r.status() : internals(r);
            }
            case Outcome.Answer a -> {
                if (result.responses().size() != input.responses()) {
                    return result.responses().size() + " of " + input.responses() + " answers";
                }
                for (ContractResponse r : result.responses()) {
                    String why = missAnswer(a, r);
                    if (why != null) {
                        return why;
                    }
                }
                if (a.closesConnection() && !result.closed()) {
                    return "the connection stayed open after the answer";
                }
                return null;
            }
        }
    }

    private String missAnswer(Outcome.Answer a, ContractResponse r) {
        if (r.status() != a.status()) {
            return "status " + r.status() + " " + RawHttp.preview(r.body());
        }
        if (!model().equals(r.header(Api.MODEL_HEADER))) {
            return Api.MODEL_HEADER + " is " + r.header(Api.MODEL_HEADER) + ": not written from core's answer";
        }
        String length = r.header("Content-Length");
        if (length == null || Integer.parseInt(length.trim()) != r.body().length) {
            return "Content-Length " + length + " for " + r.body().length + " body bytes";
        }
        String internals = internals(r);
        if (internals != null) {
            return internals;
        }
        if (a.problemType() == null) {
            return r.contentType() != null && r.contentType().startsWith(ContractCase.JSON) ? null
                    : "Content-Type " + r.contentType();
        }
        if (!ContractCase.PROBLEM_JSON.equals(r.contentType())) {
            return "Content-Type " + r.contentType();
        }
        JsonNode problem;
        try {
            problem = JsonTrees.read(r.body(), "problem");
        } catch (AssertionError e) {
            return "body is not JSON: " + RawHttp.preview(r.body());
        }
        if (!(PROBLEM_PREFIX + a.problemType()).equals(problem.path("type").asText())
                || problem.path("status").asInt() != a.status()) {
            return "problem " + problem;
        }
        for (TransportFailure failure : TransportFailure.values()) {
            if (failure.problemType().equals(problem.path("type").asText())
                    && !java.util.Arrays.equals(expected.transportFailure(failure).body(), r.body())) {
                return "not core's body for " + failure + ": " + RawHttp.preview(r.body());
            }
        }
        return null;
    }

    private static String internals(ContractResponse r) {
        String text = r.bodyText();
        for (String internal : ContractCase.INTERNALS) {
            if (text.contains(internal)) {
                return "the body shows internals ('" + internal + "')";
            }
        }
        return null;
    }

    // ---- slow and idle clients ------------------------------------------------------------------

    /**
     * Clients that send a request one byte every 50 ms (its head, its body, or a second request on
     * a kept-alive connection) are cut off within {@code --read-timeout} (1 s, plus slack), while a
     * client that is slow but within the timeout is served, and so is everyone else meanwhile.
     * {@code --idle-timeout} is 10 s here, so only the read timeout can cut them off in time.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    final void slowClientsAreCutOffWhileOthersAreServed(TestReporter reporter) throws Exception {
        assumeFeature(EngineFeature.CONNECTION_TIMEOUTS);
        Duration readTimeout = Duration.ofSeconds(1);
        RunningServer server = startServer("--read-timeout", "1s", "--idle-timeout", "10s");
        int port = server.port();
        Duration pause = Duration.ofMillis(50);
        Duration giveUp = readTimeout.plus(SLACK).plusSeconds(2);
        byte[] slowHead = ascii("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + "p".repeat(200) + "\r\n\r\n");
        String body = "{\"itemId\":7,\"quantity\":1,\"customerId\":5,\"pad\":\"" + "p".repeat(150) + "\"}";
        String head = "POST /api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n";
        byte[] slowBody = ascii(head + body);
        String first = "GET /api/items/1 HTTP/1.1\r\nHost: localhost\r\n\r\n";
        byte[] slowSecond = ascii(first + "GET /api/items/2 HTTP/1.1\r\nHost: localhost\r\nX-Pad: "
                + "p".repeat(200) + "\r\n\r\n");
        byte[] inTime = ascii("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

        Map<String, Future<RawHttp.Trickle>> slow = new java.util.LinkedHashMap<>();
        List<Long> normalMs = new CopyOnWriteArrayList<>();
        List<String> normalFailures = new CopyOnWriteArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                slow.put("slow head " + i, clients.submit(() -> RawHttp.trickle(port, slowHead, 0, pause, giveUp)));
                slow.put("slow body " + i, clients.submit(() -> RawHttp.trickle(port, slowBody, head.length(), pause,
                        giveUp)));
            }
            for (int i = 0; i < 2; i++) {
                slow.put("slow second request " + i, clients.submit(() -> RawHttp.trickle(port, slowSecond,
                        first.length(), pause, giveUp)));
                slow.put("slow but in time " + i, clients.submit(() -> RawHttp.trickle(port, inTime, 0,
                        Duration.ofMillis(10), giveUp)));
            }
            HttpClient http = httpClient();
            long until = System.nanoTime() + readTimeout.plusSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                long start = System.nanoTime();
                try {
                    int status = send(http, server, "GET", "/api/items/1", null).statusCode();
                    if (status != 200) {
                        normalFailures.add("status " + status);
                    }
                } catch (IOException e) {
                    normalFailures.add(e.toString());
                }
                normalMs.add((System.nanoTime() - start) / 1_000_000);
                Thread.sleep(20);
            }
            AllowedAnswers allowed = new AllowedAnswers(BadInputs.DIFFERENCES.get("slow-client"));
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, Future<RawHttp.Trickle>> e : slow.entrySet()) {
                RawHttp.Trickle t = e.getValue().get(giveUp.plusSeconds(10).toSeconds(), TimeUnit.SECONDS);
                report(reporter, e.getKey(), t.toString());
                List<ContractResponse> responses = responses(t.received());
                if (e.getKey().startsWith("slow but in time")) {
                    if (t.cut() || responses.size() != 1 || responses.get(0).status() != 200) {
                        problems.add(e.getKey() + ": a request sent within --read-timeout must be served; " + t);
                    }
                    continue;
                }
                if (e.getKey().startsWith("slow second request")) {
                    if (responses.isEmpty() || responses.get(0).status() != 200) {
                        problems.add(e.getKey() + ": the first, complete request must be served; " + t);
                        continue;
                    }
                    responses = responses.subList(1, responses.size());
                }
                if (!t.cut()) {
                    problems.add(e.getKey() + ": not cut off within " + giveUp.toMillis() + " ms; " + t);
                } else if (t.cutAfter().compareTo(readTimeout.plus(SLACK)) > 0) {
                    problems.add(e.getKey() + ": cut off only after " + t.cutAfter().toMillis() + " ms, --read-timeout "
                            + readTimeout.toMillis() + " ms");
                } else if (t.cutAfter().compareTo(readTimeout.dividedBy(2)) < 0) {
                    problems.add(e.getKey() + ": cut off after " + t.cutAfter().toMillis() + " ms, well before "
                            + "--read-timeout");
                }
                String response = allowed.check(responses, this);
                if (response != null) {
                    problems.add(e.getKey() + ": " + response);
                }
            }
            assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        }
        report(reporter, "normal requests meanwhile (ms)", normalMs.toString());
        assertTrue(normalFailures.isEmpty(), () -> "normal requests failed meanwhile: " + normalFailures);
        assertTrue(normalMs.size() >= 10, "normal requests were served meanwhile: " + normalMs);
        long worst = Collections.max(normalMs);
        assertTrue(worst < 2000, () -> "slow clients held up others: a normal request took " + worst + " ms");
        assertEquals(200, send(httpClient(), server, "GET", "/health", null).statusCode());
    }

    /** The allowed answers of a {@link BadInputs.Difference}, applied to what a slow client received. */
    private record AllowedAnswers(BadInputs.Difference d) {
        String check(List<ContractResponse> responses, ReliabilitySuite suite) {
            if (responses.isEmpty()) {
                return d.allowed().stream().anyMatch(o -> o instanceof Outcome.Closed) ? null : "closed without answer";
            }
            if (responses.size() > 1) {
                return responses.size() + " answers";
            }
            List<String> misses = new ArrayList<>();
            for (Outcome o : d.allowed()) {
                if (o instanceof Outcome.Answer a) {
                    String miss = suite.missAnswer(a, responses.get(0));
                    if (miss == null) {
                        return null;
                    }
                    misses.add(miss);
                }
            }
            return "answered " + responses.get(0) + " (" + misses + "); allowed: " + d.allowed();
        }
    }

    private static List<ContractResponse> responses(byte[] received) {
        List<ContractResponse> list = new ArrayList<>();
        InputStream in = new java.io.ByteArrayInputStream(received);
        try {
            for (ContractResponse r; (r = RawHttp.readResponse(in, 0)) != null; ) {
                list.add(r);
            }
        } catch (IOException e) {
            // end of what was received
        }
        return list;
    }

    /**
     * 500 connections held open, half of them silent and half after one request: the server keeps
     * serving, keeps them past {@code --read-timeout} (probed at 1.5 s), and closes each within
     * {@code --idle-timeout} (3 s, plus slack) of its last activity.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    final void idleConnectionsAreHeldThenClosed(TestReporter reporter) throws Exception {
        assumeFeature(EngineFeature.CONNECTION_TIMEOUTS);
        Duration idleTimeout = Duration.ofSeconds(3);
        Duration probeAfter = Duration.ofMillis(1500);
        RunningServer server = startServer("--idle-timeout", "3s", "--read-timeout", "500ms");
        int port = server.port();
        int held = 500;
        int probes = 20;
        CountDownLatch opened = new CountDownLatch(held + probes);
        AtomicLong allOpenedAt = new AtomicLong();
        CountDownLatch released = new CountDownLatch(1);
        List<Future<String>> connections = new ArrayList<>();
        byte[] request = ascii("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < held + probes; i++) {
                boolean used = i % 2 == 0;
                boolean probe = i >= held;
                connections.add(clients.submit(() -> holdIdle(port, request, used, probe, opened, released,
                        probeAfter, idleTimeout.plus(SLACK))));
            }
            assertTrue(opened.await(20, TimeUnit.SECONDS), "could not open " + (held + probes) + " connections");
            allOpenedAt.set(System.nanoTime());
            released.countDown();
            HttpClient http = httpClient();
            assertEquals(200, send(http, server, "GET", "/health", null).statusCode(),
                    "/health while " + held + " idle connections are held");
            assertEquals(200, send(http, server, "GET", "/api/items/1", null).statusCode(),
                    "an API request while " + held + " idle connections are held");
            List<String> problems = new ArrayList<>();
            List<Long> closeDelays = new ArrayList<>();
            for (Future<String> f : connections) {
                String outcome = f.get(30, TimeUnit.SECONDS);
                if (outcome.startsWith("closed ")) {
                    closeDelays.add(Long.parseLong(outcome.substring(7)));
                } else {
                    problems.add(outcome);
                }
            }
            Collections.sort(closeDelays);
            report(reporter, "idle connections closed after (ms)", closeDelays.isEmpty() ? "none"
                    : "min " + closeDelays.get(0) + ", median " + closeDelays.get(closeDelays.size() / 2) + ", max "
                    + closeDelays.get(closeDelays.size() - 1));
            assertTrue(problems.isEmpty(), () -> problems.size() + " connection(s) misbehaved, e.g. "
                    + problems.stream().distinct().limit(5).toList());
        }
        assertEquals(200, send(httpClient(), server, "GET", "/health", null).statusCode());
    }

    /** One idle connection; "closed N" with N the ms from its last activity to the server's close. */
    private static String holdIdle(int port, byte[] request, boolean used, boolean probe, CountDownLatch opened,
                                   CountDownLatch released, Duration probeAfter, Duration closeWithin) {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                socket.setSoTimeout(10_000);
                if (used && !exchangeOn(socket, request)) {
                    return "the first request on a connection was not answered";
                }
            } finally {
                opened.countDown();
            }
            long lastActivity = System.nanoTime();
            if (probe) {
                released.await();
                Thread.sleep(Math.max(0, probeAfter.toMillis() - (System.nanoTime() - lastActivity) / 1_000_000));
                if (!exchangeOn(socket, request)) {
                    return (used ? "a kept-alive" : "a silent") + " connection idle for " + probeAfter.toMillis()
                            + " ms, less than --idle-timeout, was not served";
                }
                lastActivity = System.nanoTime();
            }
            socket.setSoTimeout((int) closeWithin.toMillis());
            try {
                int b = socket.getInputStream().read();
                long ms = (System.nanoTime() - lastActivity) / 1_000_000;
                return b < 0 ? "closed " + ms : "unexpected byte after " + ms + " ms idle";
            } catch (SocketTimeoutException e) {
                return (used ? "kept-alive" : "silent") + " connection still open " + closeWithin.toMillis()
                        + " ms after its last activity";
            } catch (IOException e) {
                return "closed " + (System.nanoTime() - lastActivity) / 1_000_000;
            }
        } catch (IOException e) {
            return "connection failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static boolean exchangeOn(Socket socket, byte[] request) throws IOException {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        try {
            ContractResponse r = RawHttp.readResponse(socket.getInputStream(), System.nanoTime());
            return r != null && r.status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    // ---- nothing lost ---------------------------------------------------------------------------

    /**
     * 300 clients each create 10 orders and read each back through its Location: every 201 is
     * stored exactly once, with the ids that follow the seeded orders, and the server's counters
     * equal what the clients sent.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    final void nothingIsLostUnderConcurrentWrites(TestReporter reporter) throws Exception {
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

    /** Publishes a figure to JUnit and prints it, so that it survives in the build's test output too. */
    private void report(TestReporter reporter, String key, String value) {
        reporter.publishEntry(key, value);
        System.out.println("[reliability " + model() + "] " + key + ": " + value);
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

    // ---- shutdown -------------------------------------------------------------------------------

    /**
     * {@code close()} (what SIGTERM triggers through ServerMain) with 50 requests in flight on a
     * 500 ms database: new connections are refused at once, every request in flight completes with
     * 200, and close returns within {@code --shutdown-timeout}.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    final void shutdownLetsRequestsInFlightFinish(TestReporter reporter) throws Exception {
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

    // ---- database faults ------------------------------------------------------------------------

    /** {@code --db-error-rate 1}: every endpoint that queries answers core's 503, with Retry-After. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    final void databaseErrorsAre503OnEveryEndpointThatQueries() throws Exception {
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

    // ---- helpers --------------------------------------------------------------------------------

    /** An HTTP/1.1 client, closed after the class. */
    protected final HttpClient httpClient() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        httpClients.add(http);
        return http;
    }

    private static HttpRequest request(RunningServer server, String method, String target, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return b.build();
    }

    /** One request; an IOException means no answer. */
    protected static HttpResponse<byte[]> send(HttpClient http, RunningServer server, String method, String target,
                                               String json) throws IOException {
        try {
            return http.send(request(server, method, target, json), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    protected static JsonNode stats(HttpClient http, RunningServer server) throws IOException {
        HttpResponse<byte[]> r = send(http, server, "GET", "/stats", null);
        assertEquals(200, r.statusCode(), "/stats");
        return JsonTrees.read(r.body(), "/stats");
    }

    private static JsonNode awaitStats(HttpClient http, RunningServer server,
                                       java.util.function.Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = stats(http, server);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(10);
        }
        JsonNode seen = last;
        return fail("never saw " + what + " in /stats within 10 s: " + seen);
    }

    private void assertOrderRoundTrip(HttpClient http, RunningServer server) throws IOException {
        HttpResponse<byte[]> created = send(http, server, "POST", "/api/orders",
                "{\"itemId\":11,\"quantity\":2,\"customerId\":9}");
        assertEquals(201, created.statusCode(), () -> "a valid order: " + new String(created.body(),
                StandardCharsets.UTF_8));
        String location = created.headers().firstValue("Location").orElse(null);
        assertNotNull(location, "Location of the new order");
        HttpResponse<byte[]> read = send(http, server, "GET", location, null);
        assertEquals(200, read.statusCode());
        assertArrayEquals(created.body(), read.body(), "the order reads back as created");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
