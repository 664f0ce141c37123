package org.threadlab.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Event-loop stall, open model: item reads at one rate throughout; a measured {@code base} window
 * of reads only, then a {@code stall} window in which CPU-heavy requests ({@code GET /api/cpu} at
 * {@code threadlab.stall.rounds}) arrive beside the reads, at {@code threadlab.stall.heavyShare} of the
 * read rate. The reads' p99 in both windows shows what a request that holds its thread costs
 * everyone else: on an event loop every connection of that loop waits; with a thread per request
 * the scheduler shares the CPU. The heavy requests are named {@code "stall <rate>rps heavy"}, a
 * window of their own beside {@code stall}.
 *
 * <pre>
 *   threadlab.levels.stall       the read rate, req/s (one level)
 *   threadlab.stall.heavyShare   heavy requests per read in the stall window (default 0.02)
 *   threadlab.stall.rounds       SHA-256 rounds of each heavy request (default 200000: some 60 ms of one core)
 * </pre>
 */
public class StallSimulation extends Simulation {
    public static final String NAME = "stall";
    public static final String DEFAULT_LEVELS = "250";
    public static final String BASE = RequestName.BASE;
    public static final String STALL = "stall";
    public static final String HEAVY = "heavy";
    public static final double DEFAULT_HEAVY_SHARE = 0.02;
    public static final int DEFAULT_ROUNDS = 200_000;
    public static final ScenarioSpec SPEC = new ScenarioSpec(NAME, ScenarioSpec.LoadModel.OPEN, DEFAULT_LEVELS, 1.0,
            StallSimulation::plan, StallSimulation::population, StallSimulation::assertions);

    /** Arrivals of each level's stall window so far: every k-th is a heavy request. */
    private static final Map<String, AtomicLong> ARRIVALS = new ConcurrentHashMap<>();

    static double heavyShare() {
        double share = Double.parseDouble(System.getProperty("threadlab.stall.heavyShare",
                Double.toString(DEFAULT_HEAVY_SHARE)).trim());
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("threadlab.stall.heavyShare must be within (0, 1], got " + share);
        }
        return share;
    }

    static int rounds() {
        return Integer.parseInt(System.getProperty("threadlab.stall.rounds", Integer.toString(DEFAULT_ROUNDS)).trim());
    }

    /** The heavy requests' rate beside a read rate, at least one per second. */
    static double heavyRate(double readRate, double share) {
        return Math.max(1, Math.round(readRate * share));
    }

    /** One clock at one read rate: warm-up, base (reads only), stall (reads and heavy requests). */
    static List<LevelPlan> plan(String scenario, String unit, List<Double> levels, Timing t) {
        if (levels.size() != 1) {
            throw new IllegalArgumentException("stall takes one level, the read rate; got " + levels);
        }
        double rate = levels.get(0);
        double heavy = heavyRate(rate, heavyShare());
        long w = t.warmup().toMillis();
        long m = t.duration().toMillis();
        return List.of(new LevelPlan(scenario, rate, unit, List.of(
                new Phase(RequestName.WARMUP, rate, 0, w, "warm-up"),
                new Phase(BASE, rate, w, w + m, "base"),
                new Phase(STALL, rate, w + m, w + 2 * m, "with " + RequestName.formatLevel(heavy)
                        + " CPU-heavy req/s for")),
                List.of(new Phase(HEAVY, heavy, w + m, w + 2 * m, "heavy"))));
    }

    static List<PopulationBuilder> population(LoadParameters p) {
        int rounds = rounds();
        LevelPlan level = plan(NAME, RequestName.RPS, p.levels(), p.timing()).get(0);
        double rate = level.level();
        double heavy = level.alongside().get(0).level();
        long every = Math.max(1, Math.round((rate + heavy) / heavy));
        String key = level.key();
        Phase stall = level.phase(STALL);
        String heavyName = RequestName.of(NAME, heavy, RequestName.RPS, HEAVY).withEndpoint("cpu").toString();
        Function<Session, String> reads = level.namer(null);
        return List.of(scenario(key)
                .exec(session -> {
                    LevelClock.start(key, p.warmupMs(), p.durationMs());
                    return session;
                })
                .exec(doIfOrElse(session -> stall.contains(LevelClock.elapsed(key))
                        && ARRIVALS.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet() % every == 0)
                        .then(Endpoints.cpu(session -> heavyName, rounds))
                        .orElse(Endpoints.item(reads)))
                .injectOpen(constantUsersPerSec(rate).during(level.phase(RequestName.WARMUP).length()
                                .plus(level.phase(BASE).length())),
                        constantUsersPerSec(rate + heavy).during(stall.length()))
                .protocols(Endpoints.protocol(p.baseUrl(), true)));
    }

    /** No failed read before the heavy requests start: a server that fails there is wrong, not slow. */
    static List<Assertion> assertions(LoadParameters p) {
        double rate = plan(NAME, RequestName.RPS, p.levels(), p.timing()).get(0).level();
        return List.of(details(RequestName.of(NAME, rate, RequestName.RPS, BASE).toString())
                .failedRequests().count().is(0L));
    }

    {
        LoadParameters p = LoadParameters.fromSystemProperties(SPEC);
        setUp(Sweep.sequence(population(p), p)).assertions(assertions(p));
    }
}
