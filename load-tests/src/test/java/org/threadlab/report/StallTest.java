package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class StallTest {
    @Test
    void theReadsP99BesideTheHeavyRequestsAgainstWithout() throws Exception {
        List<LevelPoint> points = List.of(point("base", 250, 52), point("stall", 250, 78), point("heavy", 10, 31));
        Stall stall = Stall.of("reactive", points);
        assertEquals(1.5, stall.ratio(), 1e-9);
        assertEquals("reactive: the reads' p99 52 ms → 78 ms (×1.50) beside 10 CPU-heavy req/s (their own p99 31 ms)",
                stall.sentence());
        assertNull(Stall.of("reactive", List.of(point("base", 250, 52))), "no stall window, no figure");
    }

    private static LevelPoint point(String step, double level, double p99) throws Exception {
        ObjectNode n = LevelRows.JSON.createObjectNode().put("server", "reactive").put("scenario", "stall")
                .put("loadModel", "open").put("levelUnit", "rps").put("level", level).put("step", step)
                .put("measuredSeconds", 5.0).put("requests", (long) (level * 5)).put("ok", (long) (level * 5))
                .put("p99Ms", p99);
        return LevelPoint.of(List.of(LevelRows.JSON.treeToValue(n, LevelRow.class)));
    }
}
