package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BreakdownTest {
    private static LevelPoint level(double clients, double rps, double p99, Long gcCount, Long gcTimeMs) throws Exception {
        var n = LevelRows.JSON.createObjectNode().put("server", "virtual").put("scenario", "capacity")
                .put("loadModel", "closed").put("level", clients).put("measuredSeconds", 5.0)
                .put("requests", (long) (rps * 5)).put("ok", (long) (rps * 5)).put("throughputRps", rps)
                .put("p99Ms", p99).put("littleBoundRps", clients / 0.05);
        if (gcTimeMs != null) {
            n.put("gcCount", gcCount).put("gcTimeMs", gcTimeMs);
        }
        return LevelPoint.of(List.of(LevelRows.JSON.treeToValue(n, LevelRow.class)));
    }

    @Test
    void aTailShapedByLongCollectionsSaysSo() throws Exception {
        LevelPoint before = level(200, 3880, 67, 1L, 25L);
        LevelPoint at = level(1600, 11807, 516, 2L, 592L);
        assertEquals("p99 reaches 516 ms; GC: 2 collections, 592 ms in the window",
                Breakdown.detail(Breakdown.Kind.QUEUEING, before, at));
    }

    @Test
    void shortCollectionsAreNotWorthSaying() throws Exception {
        LevelPoint before = level(200, 3880, 67, 1L, 25L);
        assertEquals("p99 reaches 516 ms", Breakdown.detail(Breakdown.Kind.QUEUEING, before, level(1600, 11807, 516, 2L, 138L)));
        assertEquals("p99 reaches 516 ms", Breakdown.detail(Breakdown.Kind.QUEUEING, before, level(1600, 11807, 516, null, null)));
    }
}
