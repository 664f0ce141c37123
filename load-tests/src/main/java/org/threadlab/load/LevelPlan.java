package org.threadlab.load;

import io.gatling.javaapi.core.Session;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.threadlab.core.options.Durations;

/**
 * One level of a scenario laid out in time: the phases its clock runs through, back to back from
 * 0, and windows measured alongside them (requests of another kind sent during a phase, such as
 * the stall scenario's heavy requests, named by their own simulation). The simulations name
 * requests and inject users from it, the lab places its result windows and estimates the run's
 * length from it, so the timing of a scenario is decided in one place.
 */
public record LevelPlan(String scenario, double level, String unit, List<Phase> phases, List<Phase> alongside) {

    public LevelPlan {
        phases = List.copyOf(phases);
        alongside = List.copyOf(alongside);
    }

    public LevelPlan(String scenario, double level, String unit, List<Phase> phases) {
        this(scenario, level, unit, phases, List.of());
    }

    /** Every measured or warm-up window: the phases, then the windows alongside them. */
    public List<Phase> windows() {
        return java.util.stream.Stream.concat(phases.stream(), alongside.stream()).toList();
    }

    /** The key of the level's clock, e.g. {@code "capacity 50c"}. */
    public String key() {
        return RequestName.levelKey(scenario, level, unit);
    }

    public long lengthMs() {
        return phases.get(phases.size() - 1).endMs();
    }

    public Phase phase(String step) {
        return phases.stream().filter(p -> p.step().equals(step)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(key() + " has no phase " + step));
    }

    /** The phase at this many ms after the level started; null once the level has ended. */
    public Phase phaseAt(long elapsedMs) {
        for (Phase p : phases) {
            if (p.contains(elapsedMs)) {
                return p;
            }
        }
        return null;
    }

    public RequestName requestName(Phase phase, String endpoint) {
        return new RequestName(scenario, phase.level(), unit, phase.step(), endpoint);
    }

    /** A request-name function for one endpoint: the phase is read off the level's clock when the request starts. */
    public Function<Session, String> namer(String endpoint) {
        Map<Phase, String> names = new IdentityHashMap<>();
        phases.forEach(p -> names.put(p, requestName(p, endpoint).toString()));
        String after = new RequestName(scenario, level, unit, RequestName.AFTER, endpoint).toString();
        String key = key();
        return session -> {
            Phase p = phaseAt(LevelClock.elapsed(key));
            return p == null ? after : names.get(p);
        };
    }

    /** Its phases in words, e.g. {@code "warm-up 2s, measure 5s"}. */
    public String describe() {
        return phases.stream().map(p -> p.label() + " " + Durations.format(p.length())).collect(Collectors.joining(", "));
    }
}
