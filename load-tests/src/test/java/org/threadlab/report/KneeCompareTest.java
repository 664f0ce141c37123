package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** lab compare compares knees like with like: a ratio only at the same level. */
class KneeCompareTest {
    private static final SloOptions SLO = SloOptions.defaults();

    @Test
    void theSameKneeLevelGivesAThroughputRatio() {
        SloKnee a = SloKnee.find(List.of(Fixtures.point("virtual", 200, 4000, 60), Fixtures.point("virtual", 800, 8000, 200)), SLO);
        SloKnee b = SloKnee.find(List.of(Fixtures.point("virtual", 200, 3900, 60), Fixtures.point("virtual", 800, 7600, 210)), SLO);
        assertEquals(0.95, CompareWriter.kneeRatio(a, b), 1e-9);
        assertNull(CompareWriter.kneeMoved(a, b));
    }

    @Test
    void aKneeThatMovedBecauseLevelsWereGeneratorLimitedIsReportedAsSuchNeverAsARatio() {
        SloKnee a = SloKnee.find(List.of(Fixtures.point("virtual", 200, 4000, 60), Fixtures.point("virtual", 800, 8000, 200)), SLO);
        SloKnee b = SloKnee.find(List.of(Fixtures.point("virtual", 200, 3900, 60),
                Fixtures.point("virtual", 800, 2000, 900, 1000, 0, java.util.Map.of(), true)), SLO);
        assertNull(CompareWriter.kneeRatio(a, b), "800 clients against 200 clients is not like with like");
        String moved = CompareWriter.kneeMoved(a, b);
        assertTrue(moved.startsWith("knee moved 800 clients \u2192 200 clients, with levels of B left out"), moved);
        assertTrue(moved.endsWith("a change in the load generator, not in the server"), moved);
    }

    @Test
    void aKneeThatMovedWithEveryLevelCountedSaysSoWithoutARatio() {
        SloKnee a = SloKnee.find(List.of(Fixtures.point("blocking", 200, 1000, 220), Fixtures.point("blocking", 800, 1000, 450)), SLO);
        SloKnee b = SloKnee.find(List.of(Fixtures.point("blocking", 200, 1000, 220), Fixtures.point("blocking", 800, 1000, 820)), SLO);
        assertEquals("knee moved 800 clients \u2192 200 clients: no throughput ratio across levels",
                CompareWriter.kneeMoved(a, b));
    }
}
