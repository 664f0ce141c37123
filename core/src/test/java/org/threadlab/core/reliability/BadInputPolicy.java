package org.threadlab.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.TransportFailure;
import org.threadlab.core.contract.ContractCase;
import org.threadlab.core.contract.ContractResponse;
import org.threadlab.core.contract.JsonTrees;
import org.threadlab.core.options.RunningServer;

/**
 * Bad input: the {@link BadInputs} table over raw sockets; afterwards the server still serves and its counters match what it answered.
 * One policy of the {@link ReliabilitySuite}; it runs unless the subclass leaves {@code Policy.BAD_INPUT} out
 * of {@link ReliabilityHarness#policies()}.
 */
public abstract class BadInputPolicy extends ReliabilityHarness {
    // ---- bad input ---------------------------------------------------------------------------

    /**
     * Every row of {@link BadInputs} on its own connection, then the server must still serve, and
     * its request counters must account for every answer it gave. A subclass lacking
     * {@link EngineFeature#PARSER_LIMITS} runs only the rows that core decides.
     */
    @TestFactory
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    final Stream<DynamicTest> badInputBattery(TestReporter reporter) throws Exception {
        assumePolicy(Policy.BAD_INPUT);
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
            // Wait for the close only when an allowed outcome that needs it fits the answers read.
            Predicate<List<ContractResponse>> awaitClose = read -> input.allowed().stream()
                    .anyMatch(o -> o instanceof Outcome.Closed
                            || o instanceof Outcome.Answer a && a.closesConnection()
                            && read.stream().allMatch(r -> r.status() == a.status()));
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
    protected String miss(Outcome outcome, BadInput input, RawHttp.Result result) {
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


    protected String missAnswer(Outcome.Answer a, ContractResponse r) {
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


    /** Publishes a figure to JUnit and prints it, so that it survives in the build's test output too. */
    protected void report(TestReporter reporter, String key, String value) {
        reporter.publishEntry(key, value);
        System.out.println("[reliability " + model() + "] " + key + ": " + value);
    }
    protected static String internals(ContractResponse r) {
        String text = r.bodyText();
        for (String internal : ContractCase.INTERNALS) {
            if (text.contains(internal)) {
                return "the body shows internals ('" + internal + "')";
            }
        }
        return null;
    }
}
