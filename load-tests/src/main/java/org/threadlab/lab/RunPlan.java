package org.threadlab.lab;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.threadlab.load.FaultsSimulation;
import org.threadlab.load.LevelPlan;
import org.threadlab.load.Scenarios;
import org.threadlab.load.Timing;

/** Every setting of one lab run, resolved from the profile and the options. */
record RunPlan(Profile profile, List<String> servers, List<String> scenarios, Map<String, List<Double>> levels,
               Duration warmup, Duration duration, Duration spikeBurst, Duration spikeRecovery, Duration jitWarmup,
               Duration jitWarmupMax, int repeats, String dbLatency, double dbLatencyMeanSeconds, int dbPoolSize, int workers, int ioThreads,
               List<String> serverJvmOptions, List<String> gatlingJvmOptions, List<String> serverArgs,
               Map<String, Integer> serverPorts, Map<String, URI> targets, Path resultsDir,
               Duration startupTimeout, Duration stopTimeout, Path root, CpuLayout cpus, double serverCpuLimit,
               boolean serverCpuLimitAsked, Duration cpuQuotaPeriod, long serverMemoryLimit, String db, String dbUrl,
               int stallRounds, double stallHeavyShare) {

    /** Seconds Gatling needs around the load itself (JVM start, report); for the estimate only. */
    static final double GATLING_OVERHEAD_SECONDS = 9;
    /** Gatling starts the next level about a second after the previous one ends. */
    static final double LEVEL_GAP_SECONDS = 1;
    static final double SERVER_START_STOP_SECONDS = 3;
    /**
     * The JIT warm-up ends (after its minimum) once the server's JIT compile time grew by at most
     * this share of the wall time over the last seconds: the compilers are then nearly idle.
     */
    static final double JIT_SETTLE_SHARE = 0.03;
    /** Share of queries the faults scenario makes fail in its fault window. */
    static final double FAULTS_ERROR_RATE = FaultsSimulation.DEFAULT_ERROR_RATE;

    /** This plan with no CPU budget (where the machine does not allow the default one). */
    RunPlan withoutCpuLimit() {
        return new RunPlan(profile, servers, scenarios, levels, warmup, duration, spikeBurst, spikeRecovery, jitWarmup,
                jitWarmupMax, repeats, dbLatency, dbLatencyMeanSeconds, dbPoolSize, workers, ioThreads, serverJvmOptions,
                gatlingJvmOptions, serverArgs, serverPorts, targets, resultsDir, startupTimeout, stopTimeout, root, cpus,
                0, serverCpuLimitAsked, cpuQuotaPeriod, serverMemoryLimit, db, dbUrl, stallRounds, stallHeavyShare);
    }

    boolean postgres() {
        return "postgres".equals(db);
    }

    /** The blocking pool of this server: its own {@code @N} where the name sets one, else {@code --workers}. */
    int workers(String server) {
        Integer own = org.threadlab.report.ServerNames.workers(server);
        return own != null ? own : workers;
    }

    boolean isTarget(String server) {
        return targets.containsKey(server);
    }

    Timing timing() {
        return new Timing(warmup, duration, spikeBurst, spikeRecovery);
    }

    /** Every level of the run laid out in time, scenario by scenario, as the simulations lay them out. */
    List<LevelPlan> levelPlans() {
        List<LevelPlan> plans = new java.util.ArrayList<>();
        for (String scenario : scenarios) {
            plans.addAll(Scenarios.of(scenario).plan(levels.get(scenario), timing()));
        }
        return plans;
    }

    /** Planned seconds of one Gatling run (one server, every scenario). */
    double suiteSeconds() {
        double total = GATLING_OVERHEAD_SECONDS;
        if (!jitWarmup.isZero()) {
            // on a small machine the warm-up runs to its maximum (the compilers rarely settle on one CPU)
            total += seconds(jitWarmupMax) + LEVEL_GAP_SECONDS;
        }
        for (LevelPlan level : levelPlans()) {
            total += level.lengthMs() / 1000.0 + LEVEL_GAP_SECONDS;
        }
        return total;
    }

    /** Planned seconds of the whole run. */
    double totalSeconds() {
        double total = 0;
        for (String server : servers) {
            total += suiteSeconds() + (isTarget(server) ? 0 : SERVER_START_STOP_SECONDS);
        }
        return total * repeats;
    }

    /** The server order of one repeat: rotated each repeat, so that no server always goes first. */
    List<String> serverOrder(int repeat) {
        int n = servers.size();
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> servers.get((i + repeat - 1) % n)).toList();
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", profile.id());
        m.put("servers", servers);
        m.put("scenarios", scenarios);
        m.put("levels", levels);
        m.put("warmup", Durations.format(warmup));
        m.put("duration", Durations.format(duration));
        m.put("spikeBurst", Durations.format(spikeBurst));
        m.put("spikeRecovery", Durations.format(spikeRecovery));
        m.put("faultsErrorRate", FAULTS_ERROR_RATE);
        m.put("stallRounds", stallRounds);
        m.put("stallHeavyShare", stallHeavyShare);
        m.put("jitWarmup", Durations.format(jitWarmup));
        m.put("jitWarmupMax", Durations.format(jitWarmupMax));
        m.put("jitSettleRule", "after jitWarmup, the warm-up ends once the server's JIT compile time grew by at most "
                + Math.round(JIT_SETTLE_SHARE * 100) + "% of the wall time over the last "
                + org.threadlab.load.JitSettle.WINDOW_S + " s, or at jitWarmupMax");
        m.put("repeats", repeats);
        m.put("dbLatency", dbLatency);
        m.put("dbLatencyMeanMs", dbLatencyMeanSeconds * 1000);
        m.put("db", db);
        m.put("dbUrl", dbUrl == null ? null : org.threadlab.core.db.postgres.PostgresTarget.parse(dbUrl).display());
        m.put("dbPoolSize", dbPoolSize);
        m.put("workers", workers);
        m.put("ioThreads", ioThreads);
        m.put("serverJvmOptions", serverJvmOptions);
        m.put("gatlingJvmOptions", gatlingJvmOptions);
        m.put("serverArgs", serverArgs);
        m.put("serverPorts", serverPorts);
        Map<String, String> t = new LinkedHashMap<>();
        targets.forEach((k, v) -> t.put(k, v.toString()));
        m.put("targets", t);
        m.put("resultsDir", resultsDir.toString());
        m.put("startupTimeout", Durations.format(startupTimeout));
        m.put("stopTimeout", Durations.format(stopTimeout));
        m.put("serverOrder", "one server at a time, started before its suite and stopped after it; order rotates per repeat");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("layout", cpus.pinned() ? "pinned" : "shared");
        c.put("allowed", cpus.allowed().toString());
        c.put("server", cpus.pinned() ? cpus.server().toString() : null);
        c.put("generator", cpus.pinned() ? cpus.generator().toString() : null);
        m.put("cpus", c);
        m.put("serverCpuLimit", serverCpuLimit > 0 ? serverCpuLimit : null);
        m.put("cpuQuotaPeriod", Durations.format(cpuQuotaPeriod));
        m.put("serverMemoryLimitBytes", serverMemoryLimit > 0 ? serverMemoryLimit : null);
        m.put("limitedByRule", LimitedBy.RULE);
        return m;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** Core's duration text, e.g. 1500ms -> "1500ms", 2s -> "2s". */
    static final class Durations {
        private Durations() {
        }

        static String format(Duration d) {
            return org.threadlab.core.options.Durations.format(d);
        }
    }
}
