package org.threadlab.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The suite's scenarios, in the order they run: the one list of them. */
public final class Scenarios {
    public static final List<ScenarioSpec> ALL = List.of(CapacitySimulation.SPEC, LatencySimulation.SPEC,
            MixedSimulation.SPEC, SpikeSimulation.SPEC, FaultsSimulation.SPEC, StallSimulation.SPEC,
            RestartSimulation.SPEC, C10kSimulation.SPEC);

    private Scenarios() {
    }

    public static List<String> names() {
        return ALL.stream().map(ScenarioSpec::name).toList();
    }

    /**
     * The measured steps of every scenario in one order that keeps each scenario's own (measure; base,
     * burst, recovery; base, fault, recovery; base, stall, heavy): the order of a level's steps in the report.
     */
    public static List<String> stepOrder() {
        Timing second = new Timing(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        List<String> order = new ArrayList<>();
        for (ScenarioSpec spec : ALL) {
            LevelPlan level = spec.plan(LoadParameters.levels(spec.defaultLevels()), second).get(0);
            int at = -1;
            for (Phase phase : level.windows()) {
                if (!level.requestName(phase, null).measured()) {
                    continue;
                }
                int i = order.indexOf(phase.step());
                if (i < 0) {
                    i = at < 0 ? order.size() : at + 1;
                    order.add(i, phase.step());
                }
                at = i;
            }
        }
        return List.copyOf(order);
    }

    public static ScenarioSpec of(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + name + "' (known: "
                        + String.join(", ", names()) + ")"));
    }
}
