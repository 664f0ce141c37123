package org.threadlab.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.function.Function;

/**
 * Spike, open model: a base rate (warm-up, then a measured {@code base} window), a burst far
 * above capacity, then the base rate again ({@code recovery}) to see whether and how fast the
 * server comes back. Levels: base rate, burst rate. The level in each request name is the
 * arrival rate of its phase.
 */
public class SpikeSimulation extends Simulation {
    public static final String NAME = "spike";
    public static final String DEFAULT_LEVELS = "200,2000";
    public static final String BASE = RequestName.BASE;
    public static final String BURST = "burst";
    public static final String RECOVERY = RequestName.RECOVERY;

    static double baseRps(LoadParameters p) {
        return p.levels().get(0);
    }

    static double burstRps(LoadParameters p) {
        if (p.levels().size() != 2) {
            throw new IllegalArgumentException("spike takes two levels: base rate, burst rate; got " + p.levels());
        }
        return p.levels().get(1);
    }

    static List<PopulationBuilder> population(LoadParameters p) {
        double baseRps = baseRps(p);
        double burstRps = burstRps(p);
        long warmup = p.warmupMs();
        long base = warmup + p.durationMs();
        long burst = base + p.spikeBurst().toMillis();
        String key = RequestName.levelKey(NAME, baseRps, RequestName.RPS);
        String warmName = RequestName.of(NAME, baseRps, RequestName.RPS, RequestName.WARMUP).toString();
        String baseName = RequestName.of(NAME, baseRps, RequestName.RPS, BASE).toString();
        String burstName = RequestName.of(NAME, burstRps, RequestName.RPS, BURST).toString();
        String recoveryName = RequestName.of(NAME, baseRps, RequestName.RPS, RECOVERY).toString();
        String afterName = RequestName.of(NAME, baseRps, RequestName.RPS, RequestName.AFTER).toString();
        long end = burst + p.spikeRecovery().toMillis();
        Function<Session, String> name = session -> {
            long t = LevelClock.elapsed(key);
            return t < warmup ? warmName : t < base ? baseName : t < burst ? burstName : t < end ? recoveryName : afterName;
        };
        return List.of(scenario(NAME)
                .exec(session -> {
                    LevelClock.start(key, warmup, p.durationMs());
                    return session;
                })
                .exec(Endpoints.item(name))
                .injectOpen(
                        constantUsersPerSec(baseRps).during(p.warmup().plus(p.duration())),
                        constantUsersPerSec(burstRps).during(p.spikeBurst()),
                        constantUsersPerSec(baseRps).during(p.spikeRecovery()))
                .protocols(Endpoints.protocol(p.baseUrl(), true)));
    }

    static List<Assertion> assertions(LoadParameters p) {
        return List.of(details(RequestName.of(NAME, baseRps(p), RequestName.RPS, BASE).toString())
                .failedRequests().count().is(0L));
    }

    {
        LoadParameters p = LoadParameters.fromSystemProperties(NAME, DEFAULT_LEVELS);
        setUp(Sweep.sequence(population(p), p)).assertions(assertions(p));
    }
}
