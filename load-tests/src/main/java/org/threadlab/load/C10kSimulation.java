package org.threadlab.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * C10K, closed model: 10,000 clients, each looping on its own keep-alive connection over
 * {@code GET /api/items/{id}}, while the database answers in {@link #DB_LATENCY} (set for this
 * scenario through {@code PUT /admin/faults} and set back to the run's {@code --db-latency} after
 * it), so that the bound, 10,000 req/s, stays within what one generator core drives. What it
 * measures is what 10,000 requests in flight cost each model: threads, memory, CPU and context
 * switches per request. Not in quick by default (./lab run --scenarios capacity,c10k); in full.
 */
public class C10kSimulation extends Simulation {
    public static final String NAME = "c10k";
    public static final String DEFAULT_LEVELS = "10000";
    /** The database latency of this scenario: long, so that 10,000 clients make only 10,000 req/s. */
    public static final String DB_LATENCY = "1s";
    public static final ScenarioSpec SPEC = new ScenarioSpec(NAME, ScenarioSpec.LoadModel.CLOSED, DEFAULT_LEVELS,
            1.0, ScenarioSpec.stepped(), C10kSimulation::population, C10kSimulation::assertions, DB_LATENCY);
    /** Levels whose latency switch has been made, so that one client of 10,000 makes it. */
    private static final Map<String, Boolean> SWITCHED = new ConcurrentHashMap<>();

    static List<PopulationBuilder> population(LoadParameters p) {
        List<PopulationBuilder> steps = new ArrayList<>();
        for (PopulationBuilder level : Sweep.closed(SPEC, p, plan -> io.gatling.javaapi.core.CoreDsl.exec(session -> {
            if (SWITCHED.putIfAbsent(plan.key(), Boolean.TRUE) == null) {
                setLatency(p.baseUrl(), DB_LATENCY);
            }
            return session;
        }).exec(Endpoints.item(plan.namer(null))))) {
            steps.add(level);
        }
        // Back to the run's latency for whatever scenario comes next.
        String runLatency = System.getProperty("threadlab.dbLatency");
        if (runLatency != null && !runLatency.isBlank()) {
            steps.add(scenario(NAME + " restore").exec(session -> {
                setLatency(p.baseUrl(), runLatency);
                return session;
            }).injectOpen(atOnceUsers(1)));
        }
        return steps;
    }

    static List<Assertion> assertions(LoadParameters p) {
        return List.of();
    }

    /**
     * {@code PUT /admin/faults {"latency": ...}} on the server, synchronously (once per level, by the
     * first client); a refusal stops the scenario with the server's answer, as the results would
     * otherwise be at the wrong latency.
     */
    static void setLatency(String baseUrl, String latency) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/faults"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"latency\":\"" + latency + "\"}", StandardCharsets.UTF_8))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("c10k: the server refused the database latency " + latency + " ("
                        + response.statusCode() + " " + response.body() + "); it needs --admin-faults");
            }
        } catch (IOException e) {
            throw new IllegalStateException("c10k: cannot set the database latency to " + latency + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("c10k: interrupted while setting the database latency", e);
        }
    }

    {
        LoadParameters p = LoadParameters.fromSystemProperties(SPEC);
        setUp(Sweep.sequence(population(p), p)).assertions(assertions(p));
    }
}
