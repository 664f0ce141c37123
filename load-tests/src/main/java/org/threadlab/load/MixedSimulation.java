package org.threadlab.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Mixed workload, closed model: each iteration is an item read, an item listing, an order write
 * with its read-back, a customer dashboard (three queries fanned out) or CPU work, in the
 * proportions of {@link Mix}.
 */
public class MixedSimulation extends Simulation {
    public static final String NAME = "mixed";
    public static final String DEFAULT_LEVELS = "50,200";
    public static final ScenarioSpec SPEC = new ScenarioSpec(NAME, ScenarioSpec.LoadModel.CLOSED, DEFAULT_LEVELS,
            Mix.criticalPathQueriesPerRequest(), ScenarioSpec.stepped(), MixedSimulation::population, MixedSimulation::assertions);

    static List<PopulationBuilder> population(LoadParameters p) {
        return Sweep.closed(SPEC, p, level -> Endpoints.mix(level::namer, p.cpuRounds()));
    }

    static List<Assertion> assertions(LoadParameters p) {
        return List.of(
                Sweep.noFailureAtLightestLevel(SPEC, p, "item"),
                Sweep.noFailureAtLightestLevel(SPEC, p, "order-create"),
                Sweep.noFailureAtLightestLevel(SPEC, p, "dashboard"));
    }

    {
        LoadParameters p = LoadParameters.fromSystemProperties(SPEC);
        setUp(Sweep.sequence(population(p), p)).assertions(assertions(p));
    }
}
