package org.threadlab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each scenario's layout in time, the one the simulations inject by and the lab measures by. */
class ScenarioSpecTest {
    private static final Timing TIMING = new Timing(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(3), Duration.ofSeconds(4));

    @Test
    void aSteppedScenarioGivesEachLevelAWarmUpAndOneMeasuredWindow() {
        List<LevelPlan> plans = CapacitySimulation.SPEC.plan(List.of(10.0, 50.0), TIMING);
        assertEquals(List.of("capacity 10c", "capacity 50c"), plans.stream().map(LevelPlan::key).toList());
        LevelPlan fifty = plans.get(1);
        assertEquals(new Phase(RequestName.WARMUP, 50, 0, 2000, "warm-up"), fifty.phases().get(0));
        assertEquals(new Phase(RequestName.MEASURE, 50, 2000, 7000, "measure"), fifty.phases().get(1));
        assertEquals(7000, fifty.lengthMs());
        assertEquals("warm-up 2s, measure 5s", fifty.describe());
        assertEquals(RequestName.MEASURE, fifty.phaseAt(6999).step());
        assertNull(fifty.phaseAt(7000), "past its end a level has no phase: late requests are 'after'");
    }

    @Test
    void aSpikeIsOneClockWithTheBurstAtItsOwnRate() {
        LevelPlan spike = SpikeSimulation.SPEC.plan(List.of(200.0, 2000.0), TIMING).get(0);
        assertEquals("spike 200rps", spike.key());
        assertEquals(List.of("warmup", "base", "burst", "recovery"), spike.phases().stream().map(Phase::step).toList());
        assertEquals(new Phase("burst", 2000, 7000, 10000, "burst 2000 req/s for"), spike.phase("burst"));
        assertEquals(14000, spike.lengthMs());
        assertEquals("spike 2000rps burst", spike.requestName(spike.phase("burst"), null).toString());
        assertThrows(IllegalArgumentException.class, () -> SpikeSimulation.SPEC.plan(List.of(200.0), TIMING));
    }

    @Test
    void faultsHaveThreeWindowsOfTheMeasuredLength() {
        LevelPlan faults = FaultsSimulation.SPEC.plan(List.of(500.0), TIMING).get(0);
        assertEquals(List.of(0L, 2000L, 7000L, 12000L), faults.phases().stream().map(Phase::startMs).toList());
        assertEquals(17000, faults.lengthMs());
        assertEquals("warm-up 2s, base 5s, database error rate 0.3 for 5s, recovery 5s", faults.describe());
        assertThrows(IllegalArgumentException.class, () -> FaultsSimulation.SPEC.plan(List.of(500.0, 600.0), TIMING));
    }

    @Test
    void theStepOrderKeepsEveryScenariosOwnOrder() {
        List<String> order = Scenarios.stepOrder();
        assertEquals(List.of("measure", "base", "outage", "stall", "heavy", "fault", "burst", "recovery"), order);
        for (ScenarioSpec spec : Scenarios.ALL) {
            LevelPlan level = spec.plan(LoadParameters.levels(spec.defaultLevels()), TIMING).get(0);
            List<Integer> ranks = level.windows().stream().filter(p -> level.requestName(p, null).measured())
                    .map(p -> order.indexOf(p.step())).toList();
            for (int i = 1; i < ranks.size(); i++) {
                assertTrue(ranks.get(i) > ranks.get(i - 1), spec.name() + ": " + ranks);
            }
        }
    }

    @Test
    void theSuiteListsEachScenarioOnce() {
        assertEquals(List.of("capacity", "latency", "mixed", "spike", "faults", "stall", "restart", "c10k"),
                Scenarios.names());
        assertEquals("1s", Scenarios.of("c10k").dbLatency(), "c10k sets its own database latency");
        assertEquals(null, Scenarios.of("capacity").dbLatency(), "the others run at the run's --db-latency");
        LevelPlan restart = Scenarios.of("restart").plan(List.of(200.0), new Timing(java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1))).get(0);
        assertEquals(List.of("warmup", "base", "outage", "recovery"), restart.phases().stream().map(Phase::step).toList());
        assertEquals(3000, restart.phase("outage").startMs(), "the outage follows the warm-up (1 s) and the base window (2 s)");
        assertEquals(5000, restart.phase("outage").endMs());
        assertEquals("restart 200rps outage order-create",
                restart.requestName(restart.phase("outage"), RestartSimulation.CREATE).toString());
        assertEquals(ScenarioSpec.LoadModel.CLOSED, Scenarios.of("mixed").model());
        assertEquals(Mix.criticalPathQueriesPerRequest(), Scenarios.of("mixed").criticalPathQueries());
        assertEquals(1.0, Scenarios.of("capacity").criticalPathQueries());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenarios.of("soak"));
        assertTrue(e.getMessage().contains("known: capacity, latency, mixed, spike, faults, stall"), e.getMessage());
    }

    @Test
    void aStallMeasuresTheHeavyRequestsAlongsideTheReads() {
        LevelPlan stall = StallSimulation.SPEC.plan(List.of(250.0), TIMING).get(0);
        assertEquals(List.of("warmup", "base", "stall"), stall.phases().stream().map(Phase::step).toList());
        assertEquals(12000, stall.lengthMs(), "the heavy window adds no time");
        Phase heavy = stall.alongside().get(0);
        assertEquals(new Phase("heavy", 5, 7000, 12000, "heavy"), heavy, "2% of 250 req/s, during the stall window");
        assertEquals(List.of("warmup", "base", "stall", "heavy"), stall.windows().stream().map(Phase::step).toList());
        assertEquals("stall 250rps stall", stall.requestName(stall.phase("stall"), null).toString());
        assertEquals(1.0, StallSimulation.heavyRate(10, 0.02), "at least one heavy request per second");
        assertThrows(IllegalArgumentException.class, () -> StallSimulation.SPEC.plan(List.of(250.0, 500.0), TIMING));
    }
}
