package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDataTest {
    @TempDir
    Path tmp;

    @Test
    void readsACompleteRun() {
        RunData run = RunData.read(Fixtures.source(Fixtures.RUN_A));
        assertEquals("20250301-101500", run.runId());
        assertTrue(run.complete());
        assertEquals(List.of("blocking", "virtual", "reactive"), run.servers());
        assertEquals(List.of("capacity", "latency", "mixed", "spike"), run.scenarios());
        assertEquals(45, run.rows().size());
        assertEquals("25.0.1", run.jdkVersion());
        assertEquals("200", run.setting("workers"));
        assertEquals("gatling/blocking-capacity/index.html", run.gatlingReport("blocking", "capacity"));
        LevelRow spike = run.rows().stream().filter(r -> r.scenario().equals("spike") && r.step().equals("burst")
                && r.server().equals("reactive")).findFirst().orElseThrow();
        assertEquals(10000, spike.level());
        assertEquals(2, spike.koByCause().size());
    }

    @Test
    void toleratesAnIncompleteRunWithMissingOptionalFields() {
        RunData run = RunData.read(Fixtures.source(Fixtures.INCOMPLETE));
        assertFalse(run.complete());
        assertTrue(run.reason().startsWith("server reactive died"));
        assertNull(run.environment(), "no environment.json");
        assertNull(run.jdkVersion());
        assertTrue(run.gatlingReports().isEmpty(), "no gatlingReports in run.json");
        assertEquals("gatling/blocking-capacity/index.html", run.gatlingReport("blocking", "capacity"),
                "found on disk by the layout's name");
        assertNull(run.gatlingReport("reactive", "capacity"), "never written");
        LevelRow r = run.rows().get(0);
        assertNull(r.heapUsedMbMean());
        assertEquals("measure", r.step(), "no step field: a plain level");
        assertEquals(1, r.repeat());
        assertEquals(1, run.warnings().size());
    }

    @Test
    void readsLevelsCsvWhenTheJsonIsMissing() throws Exception {
        Path run = Fixtures.copy(Fixtures.RUN_A, tmp);
        Files.delete(run.resolve("levels.json"));
        RunData fromCsv = RunData.read(run);
        RunData fromJson = RunData.read(Fixtures.source(Fixtures.RUN_A));
        assertEquals(fromJson.rows().size(), fromCsv.rows().size());
        for (int i = 0; i < fromJson.rows().size(); i++) {
            assertEquals(fromJson.rows().get(i), fromCsv.rows().get(i));
        }
    }

    @Test
    void aFolderThatIsNotARunFailsWithOneLine() {
        ReportException e = assertThrows(ReportException.class, () -> RunData.read(Fixtures.source(Fixtures.NOT_A_RUN)));
        assertTrue(e.getMessage().endsWith("is not a ThreadLab run: it has no levels.json and no run.json"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        ReportException missing = assertThrows(ReportException.class, () -> RunData.read(tmp.resolve("nope")));
        assertEquals("no such run folder: " + tmp.resolve("nope"), missing.getMessage());
    }

    @Test
    void latestMayBeAPointerFile() throws Exception {
        Fixtures.copy(Fixtures.RUN_A, tmp);
        Files.writeString(tmp.resolve("latest"), Fixtures.RUN_A + "\n");
        assertEquals(Fixtures.RUN_A, RunData.read(tmp.resolve("latest")).runId());
    }
}
