package org.threadlab.load;

import static io.gatling.javaapi.core.CoreDsl.details;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Spike, open model: a base rate (warm-up, then a measured {@code base} window), a burst far
 * above capacity, then the base rate again ({@code recovery}) to see whether and how fast the
 * server comes back. Levels: base rate, burst rate. The level in each request name is the
 * arrival rate of its phase.
 */
public class SpikeSimulation extends Simulation {
    public static final String NAME = "spike";
    public static final String DEFAULT_LEVELS = "200,2000";
    public static final String BASE = RequestName.BASE;
    public static final String BURST = "burst";
    public static final String RECOVERY = RequestName.RECOVERY;
    public static final ScenarioSpec SPEC = new ScenarioSpec(NAME, ScenarioSpec.LoadModel.OPEN, DEFAULT_LEVELS, 1.0,
            SpikeSimulation::plan, SpikeSimulation::population, SpikeSimulation::assertions);

    /** One clock: warm-up and base at the base rate, the burst, recovery at the base rate again. */
    static List<LevelPlan> plan(String scenario, String unit, List<Double> levels, Timing t) {
        if (levels.size() != 2) {
            throw new IllegalArgumentException("spike takes two levels: base rate, burst rate; got " + levels);
        }
        double base = levels.get(0);
        double burst = levels.get(1);
        long w = t.warmup().toMillis();
        long b = w + t.duration().toMillis();
        long r = b + t.spikeBurst().toMillis();
        long end = r + t.spikeRecovery().toMillis();
        return List.of(new LevelPlan(scenario, base, unit, List.of(
                new Phase(RequestName.WARMUP, base, 0, w, "warm-up"),
                new Phase(BASE, base, w, b, "base"),
                new Phase(BURST, burst, b, r, "burst " + RequestName.formatLevel(burst) + " req/s for"),
                new Phase(RECOVERY, base, r, end, "recovery"))));
    }

    static List<PopulationBuilder> population(LoadParameters p) {
        return Sweep.open(SPEC, p, level -> Endpoints.item(level.namer(null)));
    }

    static List<Assertion> assertions(LoadParameters p) {
        return List.of(details(RequestName.of(NAME, p.levels().get(0), RequestName.RPS, BASE).toString())
                .failedRequests().count().is(0L));
    }

    {
        LoadParameters p = LoadParameters.fromSystemProperties(SPEC);
        setUp(Sweep.sequence(population(p), p)).assertions(assertions(p));
    }
}
