package org.threadlab.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Database faults, open model: one arrival rate throughout; a measured {@code base} window (after
 * the warm-up), then the server's database fails a share of its queries ({@code fault}), then it
 * stops failing ({@code recovery}): each model's error rate under faults and whether it comes back
 * clean. The faults are switched with {@code PUT /admin/faults}, which the server routes only with
 * {@code --admin-faults} (the lab starts every server with it). The two admin requests are named
 * {@code "faults <rate>rps admin"}, a phase no result counts.
 *
 * <pre>
 *   threadlab.levels.faults     the arrival rate, req/s (one level)
 *   threadlab.faults.errorRate  share of queries that fail in the fault window (default 0.3)
 * </pre>
 * Each of the three windows lasts {@code threadlab.duration}.
 */
public class FaultsSimulation extends Simulation {
    public static final String NAME = "faults";
    public static final String DEFAULT_LEVELS = "500";
    public static final String BASE = RequestName.BASE;
    public static final String FAULT = "fault";
    public static final String RECOVERY = RequestName.RECOVERY;
    public static final double DEFAULT_ERROR_RATE = 0.3;
    public static final ScenarioSpec SPEC = new ScenarioSpec(NAME, ScenarioSpec.LoadModel.OPEN, DEFAULT_LEVELS, 1.0,
            FaultsSimulation::plan, FaultsSimulation::population, FaultsSimulation::assertions);
    /**
     * The faults go on this long after the base window ends, so that no base request is drawn against
     * the new rate.
     */
    static final long GUARD_MS = 50;
    /**
     * The faults go off this share of a window before the fault window ends (at most {@link #OFF_LEAD_MAX_MS}):
     * the switch waits in the server's queue like any request, and a server near its CPU budget answers
     * it hundreds of milliseconds late. Requests sent after the fault window but before the switch was
     * confirmed are named {@link RequestName#SETTLE} and measured by no window.
     */
    static final double OFF_LEAD_SHARE = 0.25;
    static final long OFF_LEAD_MAX_MS = 1000;

    /** Which switches of a level have been claimed, so that exactly one user sends each. */
    private static final Map<String, Boolean> SWITCHED = new ConcurrentHashMap<>();
    /** The levels whose off switch the server has confirmed. */
    private static final Map<String, Boolean> OFF_CONFIRMED = new ConcurrentHashMap<>();

    /** One clock at one rate: warm-up, then three windows of {@code duration}: base, fault, recovery. */
    static List<LevelPlan> plan(String scenario, String unit, List<Double> levels, Timing t) {
        if (levels.size() != 1) {
            throw new IllegalArgumentException("faults takes one level, the arrival rate; got " + levels);
        }
        double rate = levels.get(0);
        long w = t.warmup().toMillis();
        long m = t.duration().toMillis();
        return List.of(new LevelPlan(scenario, rate, unit, List.of(
                new Phase(RequestName.WARMUP, rate, 0, w, "warm-up"),
                new Phase(BASE, rate, w, w + m, "base"),
                new Phase(FAULT, rate, w + m, w + 2 * m, "database error rate "
                        + RequestName.formatLevel(DEFAULT_ERROR_RATE) + " for"),
                new Phase(RECOVERY, rate, w + 2 * m, w + 3 * m, "recovery"))));
    }

    static double errorRate() {
        double rate = Double.parseDouble(System.getProperty("threadlab.faults.errorRate",
                Double.toString(DEFAULT_ERROR_RATE)).trim());
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("threadlab.faults.errorRate must be within 0..1, got " + rate);
        }
        return rate;
    }

    static List<PopulationBuilder> population(LoadParameters p) {
        double errorRate = errorRate();
        return Sweep.open(SPEC, p, level -> {
            String key = level.key();
            long fault = level.phase(FAULT).startMs();
            long recovery = level.phase(RECOVERY).startMs();
            long end = level.lengthMs();
            long guard = Math.min(GUARD_MS, p.durationMs() / 10);
            long offLead = Math.min(OFF_LEAD_MAX_MS, Math.round(p.durationMs() * OFF_LEAD_SHARE));
            String adminName = RequestName.of(NAME, level.level(), RequestName.RPS, RequestName.ADMIN).toString();
            String settleName = RequestName.of(NAME, level.level(), RequestName.RPS, RequestName.SETTLE).toString();
            Function<Session, String> phaseName = level.namer(null);
            Function<Session, String> name = session -> {
                long t = LevelClock.elapsed(key);
                return t >= recovery && t < end && !OFF_CONFIRMED.containsKey(key) ? settleName : phaseName.apply(session);
            };
            return exec(faultSwitch(key + " on", key, fault + guard, recovery, errorRate, adminName, null))
                    .exec(faultSwitch(key + " off", key, recovery - offLead, end, 0, adminName, key))
                    .exec(Endpoints.item(name));
        });
    }

    /**
     * The first user past {@code fromMs} (and before {@code untilMs}) sets the error rate; no other user does.
     * Once the server has answered 200, {@code confirms} (when not null) is marked in {@link #OFF_CONFIRMED}.
     */
    private static ChainBuilder faultSwitch(String switchKey, String levelKey, long fromMs, long untilMs, double errorRate,
                                            String adminName, String confirms) {
        String body = String.format(Locale.ROOT, "{\"errorRate\":%s}", errorRate);
        return doIf(session -> {
            long t = LevelClock.elapsed(levelKey);
            return t >= fromMs && t < untilMs && SWITCHED.putIfAbsent(switchKey, Boolean.TRUE) == null;
        }).then(exec(http(adminName).put("/admin/faults")
                .header("Content-Type", "application/json")
                .body(StringBody(body))
                .check(status().is(200)))
                .exec(session -> {
                    if (confirms != null && !session.isFailed()) {
                        OFF_CONFIRMED.put(confirms, Boolean.TRUE);
                    }
                    return session;
                }));
    }

    /**
     * No failure in the base window; the 503s of the fault window are the point, and recovery is what
     * the results show (the lab's smoke test checks it), so neither fails the run. The admin requests
     * must succeed: without --admin-faults the server answers 404 and the scenario shows nothing.
     */
    static List<Assertion> assertions(LoadParameters p) {
        double rps = SPEC.plan(p.levels(), p.timing()).get(0).level();
        return List.of(
                details(RequestName.of(NAME, rps, RequestName.RPS, BASE).toString()).failedRequests().count().is(0L),
                details(RequestName.of(NAME, rps, RequestName.RPS, RequestName.ADMIN).toString())
                        .failedRequests().count().is(0L));
    }

    {
        LoadParameters p = LoadParameters.fromSystemProperties(SPEC);
        setUp(Sweep.sequence(population(p), p)).assertions(assertions(p));
    }
}
