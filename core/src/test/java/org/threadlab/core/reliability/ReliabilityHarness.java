package org.threadlab.core.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.threadlab.core.api.Api;
import org.threadlab.core.contract.JsonTrees;
import org.threadlab.core.db.SimulatedDatabase;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerFactory;
import org.threadlab.core.options.ServerOptions;

/**
 * What every policy of the {@link ReliabilitySuite} stands on: the server the subclass names, the
 * options it adds (engine, database), starting and stopping servers, HTTP helpers, and which
 * policies run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReliabilityHarness {
    protected static final List<String> BASE_OPTIONS = List.of("--port", "0", "--db-latency", "1ms", "--db-seed", "42");
    /** Connections of each server's pool when a subclass runs the suite on PostgreSQL. */
    protected static final int POSTGRES_POOL = 60;
    /** Slack on every "within a timeout" bound: the machine is shared with other builds. */
    protected static final Duration SLACK = Duration.ofSeconds(3);
    protected static final String PROBLEM_PREFIX = "urn:threadlab:problem:";

    protected final List<RunningServer> running = new CopyOnWriteArrayList<>();
    protected final List<HttpClient> httpClients = new CopyOnWriteArrayList<>();
    protected SimulatedDatabase expectedDatabase;
    protected Api expected;

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

    protected void assumeFeature(EngineFeature feature) {
        Assumptions.assumeFalse(lacking().contains(feature), () -> model() + " lacks " + feature);
    }

    /** The policies of the suite, each in a class of its own. */
    protected enum Policy {
        BAD_INPUT, CONNECTION_TIMEOUTS, OVERLOAD, SHUTDOWN, DATABASE_FAULTS
    }

    /**
     * The policies this subclass runs; all by default. On PostgreSQL only the ones the database takes
     * part in (bad input and timeouts are the engine's, whatever the database).
     */
    protected Set<Policy> policies() {
        return ALL_POLICIES;
    }

    protected static final Set<Policy> ALL_POLICIES = java.util.EnumSet.allOf(Policy.class);
    /** What a database changes: writes under load, overload, shutdown with queries in flight, its faults. */
    protected static final Set<Policy> DATABASE_POLICIES = java.util.EnumSet.of(Policy.OVERLOAD, Policy.SHUTDOWN,
            Policy.DATABASE_FAULTS);

    protected final void assumePolicy(Policy policy) {
        Assumptions.assumeTrue(policies().contains(policy), () -> policy + " is not run here");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** An HTTP/1.1 client, closed after the class. */
    protected final HttpClient httpClient() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        httpClients.add(http);
        return http;
    }

    protected static HttpRequest request(RunningServer server, String method, String target, String json) {
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

    protected static JsonNode awaitStats(HttpClient http, RunningServer server,
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

    protected void assertOrderRoundTrip(HttpClient http, RunningServer server) throws IOException {
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

    protected static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
