package org.threadlab.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Latency sweep, open model: requests arrive at a fixed rate whatever the server does, so a slow
 * response cannot delay the next arrival (no coordinated omission). Rates step from light to
 * beyond the blocking server's bound (workers / latency). Connections are shared between users.
 */
public class LatencySimulation extends Simulation {
    public static final String NAME = "latency";
    public static final String DEFAULT_LEVELS = "250,500,1000,2000";
    public static final ScenarioSpec SPEC = new ScenarioSpec(NAME, ScenarioSpec.LoadModel.OPEN, DEFAULT_LEVELS,
            1.0, ScenarioSpec.stepped(), LatencySimulation::population, LatencySimulation::assertions);

    static List<PopulationBuilder> population(LoadParameters p) {
        return Sweep.open(SPEC, p, level -> Endpoints.item(level.namer(null)));
    }

    static List<Assertion> assertions(LoadParameters p) {
        return List.of(Sweep.noFailureAtLightestLevel(SPEC, p, null));
    }

    {
        LoadParameters p = LoadParameters.fromSystemProperties(SPEC);
        setUp(Sweep.sequence(population(p), p)).assertions(assertions(p));
    }
}
