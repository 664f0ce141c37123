package org.threadlab.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Capacity sweep, closed model: N clients, each looping on its own keep-alive connection over
 * {@code GET /api/items/{id}} (one query), at stepped levels. Throughput is bounded by Little's
 * law at N / latency; where it falls short, the server (or the generator) is the limit.
 */
public class CapacitySimulation extends Simulation {
    public static final String NAME = "capacity";
    public static final String DEFAULT_LEVELS = "10,50,100,200,400,800,1600,3200";
    public static final ScenarioSpec SPEC = new ScenarioSpec(NAME, ScenarioSpec.LoadModel.CLOSED, DEFAULT_LEVELS,
            1.0, ScenarioSpec.stepped(), CapacitySimulation::population, CapacitySimulation::assertions);

    static List<PopulationBuilder> population(LoadParameters p) {
        return Sweep.closed(SPEC, p, level -> Endpoints.item(level.namer(null)));
    }

    static List<Assertion> assertions(LoadParameters p) {
        return List.of(Sweep.noFailureAtLightestLevel(SPEC, p, null));
    }

    {
        LoadParameters p = LoadParameters.fromSystemProperties(SPEC);
        setUp(Sweep.sequence(population(p), p)).assertions(assertions(p));
    }
}
