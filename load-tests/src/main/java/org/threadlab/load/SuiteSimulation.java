package org.threadlab.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scenarios named by {@code threadlab.scenarios} (default all five), one after the other in a
 * single Gatling run: what the lab runs against each server, so that one Gatling JVM (started and
 * JIT-warmed once) serves the whole suite. Each scenario takes its levels from
 * {@code threadlab.levels.<scenario>}.
 */
public class SuiteSimulation extends Simulation {
    public static final List<String> SCENARIOS = List.of(
            CapacitySimulation.NAME, LatencySimulation.NAME, MixedSimulation.NAME, SpikeSimulation.NAME,
            FaultsSimulation.NAME);

    {
        List<PopulationBuilder> populations = new ArrayList<>();
        List<Assertion> assertions = new ArrayList<>();
        LoadParameters first = null;
        for (String scenario : scenarios()) {
            LoadParameters p;
            switch (scenario) {
                case CapacitySimulation.NAME -> {
                    p = LoadParameters.fromSystemProperties(scenario, CapacitySimulation.DEFAULT_LEVELS);
                    populations.addAll(CapacitySimulation.population(p));
                    assertions.addAll(CapacitySimulation.assertions(p));
                }
                case LatencySimulation.NAME -> {
                    p = LoadParameters.fromSystemProperties(scenario, LatencySimulation.DEFAULT_LEVELS);
                    populations.addAll(LatencySimulation.population(p));
                    assertions.addAll(LatencySimulation.assertions(p));
                }
                case MixedSimulation.NAME -> {
                    p = LoadParameters.fromSystemProperties(scenario, MixedSimulation.DEFAULT_LEVELS);
                    populations.addAll(MixedSimulation.population(p));
                    assertions.addAll(MixedSimulation.assertions(p));
                }
                case SpikeSimulation.NAME -> {
                    p = LoadParameters.fromSystemProperties(scenario, SpikeSimulation.DEFAULT_LEVELS);
                    populations.addAll(SpikeSimulation.population(p));
                    assertions.addAll(SpikeSimulation.assertions(p));
                }
                case FaultsSimulation.NAME -> {
                    p = LoadParameters.fromSystemProperties(scenario, FaultsSimulation.DEFAULT_LEVELS);
                    populations.addAll(FaultsSimulation.population(p));
                    assertions.addAll(FaultsSimulation.assertions(p));
                }
                default -> throw new IllegalArgumentException("unknown scenario '" + scenario + "' (known: " + SCENARIOS + ")");
            }
            first = first == null ? p : first;
        }
        setUp(Sweep.sequence(populations, first)).assertions(assertions);
    }

    static List<String> scenarios() {
        String text = System.getProperty("threadlab.scenarios", String.join(",", SCENARIOS));
        List<String> names = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("threadlab.scenarios names no scenario");
        }
        return names;
    }
}
