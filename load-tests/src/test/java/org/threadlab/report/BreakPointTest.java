package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BreakPointTest {
    private static final String CPU = "server CPU 49.5% of 50% it may use";

    @Test
    void breaksWhereThroughputStopsFollowingItsBoundWithTheSloStillMet() {
        // Little's-law bound: 20 req/s per client at 50 ms
        List<LevelPoint> pts = List.of(
                Fixtures.limited("virtual", 10, 195, 55, "none", null),
                Fixtures.limited("virtual", 200, 3900, 60, "none", null),
                Fixtures.limited("virtual", 800, 12000, 117, "server-cpu", CPU));
        BreakPoint b = BreakPoint.find(pts, SloOptions.defaults());
        assertEquals(800, b.at().level());
        assertEquals("bound", b.because());
        assertEquals("server-cpu", b.limitedBy());
        assertEquals("virtual breaks at 800 clients: its 0.5-core CPU budget is saturated (" + CPU + "); "
                + "p99 60 ms \u2192 117 ms, throughput 75% of its Little's-law bound", b.sentence("virtual", null));
    }

    @Test
    void breaksWhereTheSloIsMissedAndNamesTheLimitThere() {
        List<LevelPoint> pts = List.of(
                Fixtures.limited("blocking", 10, 195, 55, "none", null),
                Fixtures.limited("blocking", 800, 15900, 825, "workers", "on average 750 requests waited for a worker"));
        BreakPoint b = BreakPoint.find(pts, SloOptions.defaults());
        assertEquals("slo", b.because());
        assertEquals("blocking breaks at 800 clients: every worker thread is busy (on average 750 requests waited "
                + "for a worker); p99 55 ms \u2192 825 ms", b.sentence("blocking", null));
    }

    @Test
    void fallingShortOfTheBoundWithNothingSaturatedIsNotABreak() {
        List<LevelPoint> pts = List.of(
                Fixtures.limited("reactive", 10, 195, 55, "none", null),
                Fixtures.limited("reactive", 200, 3500, 70, "none", null),
                Fixtures.limited("reactive", 800, 14000, 110, "server-cpu", CPU));
        BreakPoint b = BreakPoint.find(pts, SloOptions.defaults());
        assertEquals(800, b.at().level(), "88% of the bound at 200 clients with no limit named: still keeping up");
        assertEquals("bound", b.because());
    }

    @Test
    void generatorAndMachineLevelsNeverCountAsTheBreak() {
        List<LevelPoint> pts = List.of(
                Fixtures.limited("reactive", 10, 195, 55, "none", null),
                Fixtures.limited("reactive", 200, 1000, 900, "machine", "the server's CPU set 98% busy, the server 10%"),
                Fixtures.limited("reactive", 800, 1000, 900, "generator", "Gatling CPU 95% >= 85% of 1 CPU of its own"));
        assertNull(BreakPoint.find(pts, SloOptions.defaults()));
        String v = Verdict.sentence("reactive", pts, SloOptions.defaults(), Map.of(), null);
        assertTrue(v.startsWith("reactive meets the SLO at every level up to 10 clients"), v);
    }

    @Test
    void theVerdictLeadsWithTheBreakAndItsLimit() {
        List<LevelPoint> pts = List.of(
                Fixtures.limited("virtual", 10, 195, 55, "none", null),
                Fixtures.limited("virtual", 800, 12000, 117, "server-cpu", CPU));
        String v = Verdict.sentence("virtual", pts, SloOptions.defaults(), Map.of(), null);
        assertTrue(v.startsWith("virtual breaks at 800 clients: its 0.5-core CPU budget is saturated"), v);
    }

    @Test
    void perCoreAndPerInFlightFiguresComeFromTheBudgetAndTheGrowthAboveTheLowestLevel() {
        LevelPoint low = Fixtures.limited("virtual", 10, 195, 55, "none", null);
        LevelPoint knee = Fixtures.limited("virtual", 510, 9800, 90, "none", null);
        assertEquals(19600, knee.rpsPerCore(), 1e-9, "9,800 req/s on a 0.5-core budget");
        PerInFlight m = PerInFlight.of(List.of(low, knee), knee);
        assertEquals(200, m.rssMb(), 1e-9, "100 MB more RSS for 500 more clients");
        assertEquals(100, m.heapMb(), 1e-9);
        assertNull(PerInFlight.of(List.of(low, knee), low), "nothing below the lowest level");
    }
}
