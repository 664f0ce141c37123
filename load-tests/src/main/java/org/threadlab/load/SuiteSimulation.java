package org.threadlab.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scenarios named by {@code threadlab.scenarios} (default all of {@link Scenarios#ALL}), one after the other in a
 * single Gatling run: what the lab runs against each server, so that one Gatling JVM (started and
 * JIT-warmed once) serves the whole suite. Each scenario takes its levels from
 * {@code threadlab.levels.<scenario>}.
 */
public class SuiteSimulation extends Simulation {
    {
        List<PopulationBuilder> populations = new ArrayList<>();
        List<Assertion> assertions = new ArrayList<>();
        LoadParameters first = null;
        for (String scenario : scenarios()) {
            ScenarioSpec spec = Scenarios.of(scenario);
            LoadParameters p = LoadParameters.fromSystemProperties(spec);
            populations.addAll(spec.population().apply(p));
            assertions.addAll(spec.assertions().apply(p));
            first = first == null ? p : first;
        }
        setUp(Sweep.sequence(populations, first)).assertions(assertions);
    }

    static List<String> scenarios() {
        String text = System.getProperty("threadlab.scenarios", String.join(",", Scenarios.names()));
        List<String> names = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("threadlab.scenarios names no scenario");
        }
        return names;
    }
}
