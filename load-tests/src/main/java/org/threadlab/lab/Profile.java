package org.threadlab.lab;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Effort presets. Levels of the open-model scenarios (latency, spike, faults) are multiples of the
 * blocking server's bound (workers / mean db latency), so "beyond the blocking bound" holds
 * whatever --workers and --db-latency say; closed-model levels are client counts.
 */
public enum Profile {
    /** Seconds per server: proves the whole chain works (CI). */
    SMOKE(Map.of("capacity", List.of(10.0, 50.0), "mixed", List.of(20.0), "c10k", List.of(200.0)),
            Map.of("latency", List.of(0.1, 0.4), "spike", List.of(0.1, 0.8), "faults", List.of(0.5),
                    "stall", List.of(0.25), "restart", List.of(0.2)),
            Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ofMillis(1500), Duration.ofMillis(1500),
            Duration.ofSeconds(1), Duration.ofSeconds(1), 1, List.of("c10k")),
    /** The whole comparison in about five minutes on a 2-core machine. */
    QUICK(Map.of("capacity", List.of(10.0, 50.0, 200.0, 1600.0), "mixed", List.of(100.0), "c10k", List.of(10000.0)),
            Map.of("latency", List.of(0.25, 1.0, 1.5), "spike", List.of(0.25, 2.5), "faults", List.of(0.5),
                    "stall", List.of(0.25), "restart", List.of(0.2)),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(5),
            Duration.ofSeconds(4), Duration.ofSeconds(20), 1, List.of("stall", "c10k")),
    /** More levels, longer windows, three repeats to show the spread. */
    FULL(Map.of("capacity", List.of(10.0, 50.0, 100.0, 200.0, 400.0, 800.0, 1600.0, 3200.0),
            "mixed", List.of(50.0, 200.0), "c10k", List.of(10000.0)),
            Map.of("latency", List.of(0.25, 0.5, 0.75, 1.0, 1.25, 1.5), "spike", List.of(0.25, 3.0),
                    "faults", List.of(0.5), "stall", List.of(0.25), "restart", List.of(0.2)),
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(15), Duration.ofSeconds(60), 3, List.of());

    final Map<String, List<Double>> clientLevels;
    final Map<String, List<Double>> boundMultiples;
    final Duration warmup;
    final Duration duration;
    final Duration spikeBurst;
    final Duration spikeRecovery;
    final Duration jitWarmup;
    final Duration jitWarmupMax;
    final int repeats;
    /**
     * Scenarios it leaves out unless --scenarios names them (quick: stall and c10k, to stay near seven
     * minutes; smoke: c10k, which needs thousands of connections).
     */
    final List<String> notByDefault;

    Profile(Map<String, List<Double>> clientLevels, Map<String, List<Double>> boundMultiples, Duration warmup,
            Duration duration, Duration spikeBurst, Duration spikeRecovery, Duration jitWarmup,
            Duration jitWarmupMax, int repeats, List<String> notByDefault) {
        this.clientLevels = clientLevels;
        this.boundMultiples = boundMultiples;
        this.warmup = warmup;
        this.duration = duration;
        this.spikeBurst = spikeBurst;
        this.spikeRecovery = spikeRecovery;
        this.jitWarmup = jitWarmup;
        this.jitWarmupMax = jitWarmupMax;
        this.repeats = repeats;
        this.notByDefault = notByDefault;
    }

    /**
     * The scenarios a run of this profile drives when --scenarios is not given, in the suite's order;
     * the database restart only where the lab owns the PostgreSQL it would restart (an embedded one).
     */
    List<String> defaultScenarios(boolean embeddedPostgres) {
        return org.threadlab.load.Scenarios.names().stream().filter(s -> !notByDefault.contains(s))
                .filter(s -> embeddedPostgres || !s.equals(org.threadlab.load.RestartSimulation.NAME)).toList();
    }

    /** The default levels of a scenario under this profile, given the blocking bound in req/s. */
    List<Double> levels(String scenario, double blockingBoundRps) {
        if (clientLevels.containsKey(scenario)) {
            return clientLevels.get(scenario);
        }
        return boundMultiples.get(scenario).stream()
                .map(m -> (double) Math.max(1, Math.round(m * blockingBoundRps)))
                .toList();
    }

    String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
