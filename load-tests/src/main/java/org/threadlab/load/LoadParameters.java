package org.threadlab.load;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.threadlab.core.options.Durations;

/**
 * The load parameters of the suite, read from system properties so that a simulation runs the
 * same way under the lab and under {@code gatling:test}:
 * <pre>
 *   threadlab.baseUrl          server under test            (default http://127.0.0.1:8081)
 *   threadlab.levels.NAME      comma-separated levels of scenario NAME: clients (closed) or req/s (open);
 *                              spike: base rate, burst rate
 *   threadlab.levels           the same, for any scenario without its own
 *   threadlab.warmup           warm-up of each level, excluded from results (default 5s)
 *   threadlab.duration         measured window of each level (default 10s)
 *   threadlab.spike.burst      spike: length of the burst (default 5s)
 *   threadlab.spike.recovery   spike: measured window after the burst (default 10s)
 *   threadlab.cpuRounds        mixed: rounds of /api/cpu (default 1000)
 *   threadlab.jitWarmup        before the first level, at least this long a mixed load that is never measured,
 *                              to get a fresh server JVM (and Gatling) past the JIT (default 0s: none)
 *   threadlab.jitWarmupMax     the warm-up goes on until the server's JIT compile time grows by at most
 *                              threadlab.jitSettle (default 0.03) of the wall time, at most this long
 *                              (default: the minimum, i.e. no waiting)
 *   threadlab.jitWarmupClients clients of that warm-up (default 100)
 * </pre>
 */
public record LoadParameters(String baseUrl, List<Double> levels, Duration warmup, Duration duration,
                             Duration spikeBurst,
                             Duration spikeRecovery, int cpuRounds, Duration jitWarmup, Duration jitWarmupMax, double jitSettle,
                             int jitWarmupClients) {

    public static LoadParameters fromSystemProperties(ScenarioSpec spec) {
        return fromSystemProperties(spec.name(), spec.defaultLevels());
    }

    public static LoadParameters fromSystemProperties(String scenario, String defaultLevels) {
        return new LoadParameters(
                text("threadlab.baseUrl", "http://127.0.0.1:8081").replaceAll("/+$", ""),
                levels(text("threadlab.levels." + scenario, text("threadlab.levels", defaultLevels))),
                duration("threadlab.warmup", "5s"),
                duration("threadlab.duration", "10s"),
                duration("threadlab.spike.burst", "5s"),
                duration("threadlab.spike.recovery", "10s"),
                Integer.parseInt(text("threadlab.cpuRounds", "1000")),
                duration("threadlab.jitWarmup", "0s"),
                duration("threadlab.jitWarmupMax", text("threadlab.jitWarmup", "0s")),
                Double.parseDouble(text("threadlab.jitSettle", "0.03")),
                Integer.parseInt(text("threadlab.jitWarmupClients", "100")));
    }

    public static List<Double> levels(String text) {
        List<Double> levels = Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Double::parseDouble)
                .toList();
        if (levels.isEmpty() || levels.stream().anyMatch(l -> !(l > 0))) {
            throw new IllegalArgumentException("levels must be positive numbers, got '" + text + "'");
        }
        return levels;
    }

    public Timing timing() {
        return new Timing(warmup, duration, spikeBurst, spikeRecovery);
    }

    public long warmupMs() {
        return warmup.toMillis();
    }

    public long durationMs() {
        return duration.toMillis();
    }

    private static String text(String key, String defaultValue) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    private static Duration duration(String key, String defaultValue) {
        return Durations.parse(text(key, defaultValue));
    }
}
