package org.threadlab.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A scenario of the suite, declared once by its simulation: name, load model, default levels,
 * queries on a request's critical path, how its levels are laid out in time, the Gatling
 * population and assertions it builds, and the database latency it sets for itself (null: the
 * run's {@code --db-latency}). The lab reads the same declaration for its windows, its
 * time estimate and its progress line.
 */
public record ScenarioSpec(String name, LoadModel model, String defaultLevels, double criticalPathQueries, Shape shape,
                           Function<LoadParameters, List<PopulationBuilder>> population,
                           Function<LoadParameters, List<Assertion>> assertions, String dbLatency) {

    /** A scenario over the run's own {@code --db-latency}. */
    public ScenarioSpec(String name, LoadModel model, String defaultLevels, double criticalPathQueries, Shape shape,
                        Function<LoadParameters, List<PopulationBuilder>> population,
                        Function<LoadParameters, List<Assertion>> assertions) {
        this(name, model, defaultLevels, criticalPathQueries, shape, population, assertions, null);
    }

    /** Closed: a fixed number of clients looping; open: users arriving at a rate, one request each. */
    public enum LoadModel {
        CLOSED("closed", "clients", RequestName.CLIENTS),
        OPEN("open", "rps", RequestName.RPS);

        /** As written in levels.json's loadModel. */
        public final String id;
        /** As written in levels.json's levelUnit. */
        public final String levelUnit;
        /** The unit in request names and level keys. */
        public final String requestUnit;

        LoadModel(String id, String levelUnit, String requestUnit) {
            this.id = id;
            this.levelUnit = levelUnit;
            this.requestUnit = requestUnit;
        }
    }

    /** How a scenario's levels are laid out in time. */
    @FunctionalInterface
    public interface Shape {
        List<LevelPlan> plan(String scenario, String unit, List<Double> levels, Timing timing);
    }

    public boolean closed() {
        return model == LoadModel.CLOSED;
    }

    /** The levels laid out in time, one plan per clock (a spike or faults run is one). */
    public List<LevelPlan> plan(List<Double> levels, Timing timing) {
        return shape.plan(name, model.requestUnit, levels, timing);
    }

    /** Each level on its own clock: a warm-up, then one measured window. */
    public static Shape stepped() {
        return (scenario, unit, levels, t) -> {
            long w = t.warmup().toMillis();
            long m = t.duration().toMillis();
            List<LevelPlan> plans = new ArrayList<>();
            for (double level : levels) {
                plans.add(new LevelPlan(scenario, level, unit, List.of(
                        new Phase(RequestName.WARMUP, level, 0, w, "warm-up"),
                        new Phase(RequestName.MEASURE, level, w, w + m, "measure"))));
            }
            return plans;
        };
    }
}
