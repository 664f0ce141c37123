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

    static List<PopulationBuilder> population(LoadParameters p) {
        return Sweep.closed(NAME, p, (level, names) -> Endpoints.mix(names, p.cpuRounds()));
    }

    static List<Assertion> assertions(LoadParameters p) {
        return List.of(
                Sweep.noFailureAtLightestLevel(NAME, p, RequestName.CLIENTS, "item"),
                Sweep.noFailureAtLightestLevel(NAME, p, RequestName.CLIENTS, "order-create"),
                Sweep.noFailureAtLightestLevel(NAME, p, RequestName.CLIENTS, "dashboard"));
    }

    {
        LoadParameters p = LoadParameters.fromSystemProperties(NAME, DEFAULT_LEVELS);
        setUp(Sweep.sequence(population(p), p)).assertions(assertions(p));
    }
}
