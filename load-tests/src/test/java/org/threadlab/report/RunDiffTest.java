package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RunDiffTest {
    @Test
    void ratiosAreBOverAPerServerScenarioAndLevel() {
        RunAnalysis a = Fixtures.analysis(Fixtures.RUN_A);
        RunAnalysis b = Fixtures.analysis(Fixtures.RUN_B);
        RunDiff diff = RunDiff.of(a, b);
        LevelPoint.XKey x800 = new LevelPoint.XKey(800, "measure", "clients");
        RunDiff.Row row = diff.row("blocking", "capacity", x800);
        assertNotNull(row);
        LevelPoint pa = a.at("blocking", "capacity", x800);
        LevelPoint pb = b.at("blocking", "capacity", x800);
        assertEquals(pb.throughputRps() / pa.throughputRps(), row.ratio(RunDiff.Metric.THROUGHPUT), 1e-9);
        assertEquals(pb.p50Ms() / pa.p50Ms(), row.ratio(RunDiff.Metric.P50), 1e-9);
        assertEquals(pb.p99Ms() / pa.p99Ms(), row.ratio(RunDiff.Metric.P99), 1e-9);
        assertEquals(pb.cpuMsPer1kReq() / pa.cpuMsPer1kReq(), row.ratio(RunDiff.Metric.CPU_PER_1K), 1e-9);
        assertEquals(pb.rssMb() / pa.rssMb(), row.ratio(RunDiff.Metric.RSS), 1e-9);
        // 1000 workers instead of 200: blocking at 800 clients more than doubles
        assert row.ratio(RunDiff.Metric.THROUGHPUT) > 1.5 : row;
        assert row.ratio(RunDiff.Metric.P99) < 1 : row;
    }

    @Test
    void levelsInOneRunOnlyHaveNoRatio() {
        RunAnalysis a = Fixtures.analysis(Fixtures.RUN_A);
        RunAnalysis inc = Fixtures.analysis(Fixtures.INCOMPLETE);
        RunDiff diff = RunDiff.of(a, inc);
        RunDiff.Row row = diff.row("reactive", "capacity", new LevelPoint.XKey(800, "measure", "clients"));
        assertNotNull(row.a());
        assertNull(row.b());
        assertNull(row.ratio(RunDiff.Metric.THROUGHPUT));
        for (LevelPoint p : a.points) {
            assertNotNull(diff.row(p.server(), p.scenario(), p.x()), "every level of A is a row: " + p.label());
        }
    }

    @Test
    void theDiffMarksGeneratorLimitedLevels() {
        RunDiff diff = RunDiff.of(Fixtures.analysis(Fixtures.RUN_A), Fixtures.analysis(Fixtures.RUN_B));
        assert diff.row("virtual", "capacity", new LevelPoint.XKey(1600, "measure", "clients")).generatorLimited();
        assert !diff.row("virtual", "capacity", new LevelPoint.XKey(800, "measure", "clients")).generatorLimited();
    }
}
