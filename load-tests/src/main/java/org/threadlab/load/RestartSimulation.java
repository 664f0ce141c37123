package org.threadlab.load;

import static io.gatling.javaapi.core.CoreDsl.details;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * A database restart, open model, for runs on an embedded PostgreSQL ({@code --db postgres}): one
 * arrival rate of order writes, each read back at once; a measured {@code base} window, then the
 * lab stops PostgreSQL as a crash would for the {@code outage} window and starts it again, then
 * {@code recovery}. The errors of the outage, the time until the server serves again (its pool
 * reconnecting) and whether every acknowledged order is still stored are what it shows; the lab does
 * the stopping (it owns PostgreSQL) and the counting.
 *
 * <pre>
 *   threadlab.levels.restart   the arrival rate, req/s (one level)
 * </pre>
 * Each of the three windows lasts {@code threadlab.duration}.
 */
public class RestartSimulation extends Simulation {
    public static final String NAME = "restart";
    public static final String DEFAULT_LEVELS = "200";
    public static final String OUTAGE = "outage";
    /** The request name's endpoint of the writes, which the lab counts against the rows stored. */
    public static final String CREATE = "order-create";
    public static final String READ = "order-read";
    public static final ScenarioSpec SPEC = new ScenarioSpec(NAME, ScenarioSpec.LoadModel.OPEN, DEFAULT_LEVELS, 1.0,
            RestartSimulation::plan, RestartSimulation::population, RestartSimulation::assertions);

    /** One clock at one rate: warm-up, then three windows of {@code duration}: base, outage, recovery. */
    static List<LevelPlan> plan(String scenario, String unit, List<Double> levels, Timing t) {
        if (levels.size() != 1) {
            throw new IllegalArgumentException("restart takes one level, the arrival rate; got " + levels);
        }
        double rate = levels.get(0);
        long w = t.warmup().toMillis();
        long m = t.duration().toMillis();
        return List.of(new LevelPlan(scenario, rate, unit, List.of(
                new Phase(RequestName.WARMUP, rate, 0, w, "warm-up"),
                new Phase(RequestName.BASE, rate, w, w + m, "base"),
                new Phase(OUTAGE, rate, w + m, w + 2 * m, "PostgreSQL down for"),
                new Phase(RequestName.RECOVERY, rate, w + 2 * m, w + 3 * m, "recovery"))));
    }

    static List<PopulationBuilder> population(LoadParameters p) {
        return Sweep.open(SPEC, p, level -> Endpoints.orderWithReadBack(level.namer(CREATE), level.namer(READ)));
    }

    /** No failure in the base window; the outage's 503s are the point, and the lab reports the rest. */
    static List<Assertion> assertions(LoadParameters p) {
        double rps = SPEC.plan(p.levels(), p.timing()).get(0).level();
        return List.of(details(new RequestName(NAME, rps, RequestName.RPS, RequestName.BASE, CREATE).toString())
                .failedRequests().count().is(0L));
    }

    {
        LoadParameters p = LoadParameters.fromSystemProperties(SPEC);
        setUp(Sweep.sequence(population(p), p)).assertions(assertions(p));
    }
}
