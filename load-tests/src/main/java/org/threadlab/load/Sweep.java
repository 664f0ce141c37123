package org.threadlab.load;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Stepped levels, one after the other ({@code andThen}): each level is its own Gatling scenario
 * named after it, warmed up for {@code warmup} and then measured for {@code duration}. The phase
 * of a request is decided when it starts, by the level's {@link LevelClock}.
 */
final class Sweep {
    private Sweep() {
    }

    /**
     * Closed model (own connection per user): N virtual users start together and each loops on its own keep-alive connection
     * until the level ends, so exactly N requests are in flight or about to be sent at any time.
     * {@code body} gets the level's plan, whose {@link LevelPlan#namer} names each endpoint's requests.
     */
    static List<PopulationBuilder> closed(ScenarioSpec spec, LoadParameters p, Function<LevelPlan, ChainBuilder> body) {
        List<PopulationBuilder> steps = new ArrayList<>();
        for (LevelPlan level : spec.plan(p.levels(), p.timing())) {
            String key = level.key();
            long totalMs = level.lengthMs();
            steps.add(scenario(key)
                    .exec(session -> {
                        LevelClock.start(key, p.warmupMs(), p.durationMs());
                        return session;
                    })
                    // the level's clock ends every user's loop, not the user's own start: a user that a busy
                    // machine started late must not carry the level past its window
                    .exec(asLongAs(session -> LevelClock.elapsed(key) < totalMs).on(body.apply(level)))
                    .injectOpen(atOnceUsers((int) Math.round(level.level())))
                    .protocols(Endpoints.protocol(p.baseUrl(), false)));
        }
        return steps;
    }

    /**
     * Open model (shared connection pool): users arrive at each phase's rate whatever the server's state, one
     * request each; {@code body} gets the level's plan.
     */
    static List<PopulationBuilder> open(ScenarioSpec spec, LoadParameters p, Function<LevelPlan, ChainBuilder> body) {
        List<PopulationBuilder> steps = new ArrayList<>();
        for (LevelPlan level : spec.plan(p.levels(), p.timing())) {
            String key = level.key();
            steps.add(scenario(key)
                    .exec(session -> {
                        LevelClock.start(key, p.warmupMs(), p.durationMs());
                        return session;
                    })
                    .exec(body.apply(level))
                    .injectOpen(level.phases().stream()
                            .<OpenInjectionStep>map(phase -> constantUsersPerSec(phase.level()).during(phase.length()))
                            .toList())
                    .protocols(Endpoints.protocol(p.baseUrl(), true)));
        }
        return steps;
    }

    /** No failed check at the lightest level: a server that breaks there is wrong, not slow. */
    static Assertion noFailureAtLightestLevel(ScenarioSpec spec, LoadParameters p, String endpoint) {
        double lightest = p.levels().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return details(new RequestName(spec.name(), lightest, spec.model().requestUnit, RequestName.MEASURE, endpoint).toString())
                .failedRequests().count().is(0L);
    }

    /**
     * The JIT warm-up ({@code threadlab.jitWarmup}), if any, then the steps, one after the other.
     * The warm-up is closed clients looping over the mixed workload, every request named
     * {@code "jit <N>c warmup <endpoint>"} so that no result counts it; it lasts at least
     * {@code jitWarmup} and goes on, up to {@code jitWarmupMax}, until {@link JitSettle} sees the
     * server's JIT compilers settle.
     */
    static PopulationBuilder sequence(List<PopulationBuilder> steps, LoadParameters p) {
        List<PopulationBuilder> all = new ArrayList<>();
        if (!p.jitWarmup().isZero()) {
            int clients = p.jitWarmupClients();
            String scenario = "jit";
            Function<String, Function<Session, String>> names = endpoint -> {
                String name = new RequestName(scenario, clients, RequestName.CLIENTS, RequestName.WARMUP, endpoint)
                        .toString();
                return session -> name;
            };
            Duration max = p.jitWarmupMax().compareTo(p.jitWarmup()) > 0 ? p.jitWarmupMax() : p.jitWarmup();
            all.add(scenario(RequestName.levelKey(scenario, clients, RequestName.CLIENTS))
                    .exec(session -> {
                        JitSettle.start(p.baseUrl(), p.jitWarmup(), max, p.jitSettle());
                        return session;
                    })
                    .exec(asLongAs(session -> !JitSettle.done()).on(Endpoints.mix(names, p.cpuRounds())))
                    .injectOpen(atOnceUsers(clients))
                    .protocols(Endpoints.protocol(p.baseUrl(), false)));
        }
        all.addAll(steps);
        return chain(all);
    }

    /** Each step starts when the one before has ended (andThen on the leaf, not the root). */
    private static PopulationBuilder chain(List<PopulationBuilder> steps) {
        PopulationBuilder result = steps.get(steps.size() - 1);
        for (int i = steps.size() - 2; i >= 0; i--) {
            result = steps.get(i).andThen(result);
        }
        return result;
    }
}
