package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** levels.json and levels.csv: one type, written and read by the same code. */
class LevelRowsTest {
    @TempDir
    Path tmp;

    @Test
    void whatIsWrittenReadsBackTheSameFromJsonAndFromCsv() throws Exception {
        List<LevelRow> rows = RunData.read(Fixtures.source(Fixtures.RUN_A)).rows();
        assertFalse(rows.isEmpty());
        LevelRows.write(tmp, rows);
        assertEquals(rows, LevelRows.read(tmp));
        Files.delete(tmp.resolve(LevelRows.JSON_FILE));
        assertEquals(rows, LevelRows.read(tmp), "levels.csv alone gives the same rows");
    }

    @Test
    void wholeNumbersStayWholeAndEveryFieldIsAColumn() throws Exception {
        LevelRow row = closed(800, 760.0, 800.0, null);
        LevelRows.write(tmp, List.of(row));
        String json = Files.readString(tmp.resolve(LevelRows.JSON_FILE));
        assertTrue(json.contains("\"level\" : 800,"), json);
        assertTrue(json.contains("\"throughputRps\" : 760,"), json);
        String header = Files.readAllLines(tmp.resolve(LevelRows.CSV_FILE)).get(0);
        assertEquals(LevelRow.class.getRecordComponents().length, header.split(",").length);
        assertTrue(header.startsWith("server,scenario,loadModel,level,levelUnit,measuredSeconds,requests,ok,ko,"), header);
    }

    @Test
    void everyFieldIsDocumentedInTheResultsReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "results", "README.md"));
        for (var c : LevelRow.class.getRecordComponents()) {
            assertTrue(readme.contains(c.getName()), c.getName() + " is not documented in results/README.md");
        }
    }

    /** One rule for fractionOfBound: the tightest of Little's law, the pools and an open level's offered rate. */
    @Test
    void fractionOfBoundHasOneRule() throws Exception {
        assertEquals(0.95, closed(800, 760.0, 800.0, null).fractionOfBound());
        assertEquals(0.76, closed(800, 760.0, 1600.0, 1000.0).fractionOfBound(), "the worker pool is tighter");
        ObjectNode open = LevelRows.JSON.valueToTree(closed(500, 250.0, null, null));
        open.put("loadModel", "open").put("levelUnit", "rps").put("fractionOfBound", 0.1);
        LevelRow read = LevelRows.JSON.treeToValue(open, LevelRow.class);
        assertEquals(0.5, read.fractionOfBound(), "an open level against its offered rate; a stored value is recomputed");
        assertNull(closed(800, null, 800.0, null).fractionOfBound(), "no throughput, no fraction");
    }

    @Test
    void anOlderRowIsCompletedAndABrokenOneNamed() throws Exception {
        Files.writeString(tmp.resolve(LevelRows.JSON_FILE), """
                [{"server": "virtual", "scenario": "capacity", "levelUnit": "clients", "level": 50, "ok": 990, "ko": 10,
                  "measuredSeconds": 10, "generatorLimited": true, "someFieldOfANewerLab": 1}]""");
        LevelRow row = LevelRows.read(tmp).get(0);
        assertEquals("closed", row.loadModel());
        assertEquals(LevelRow.MEASURE, row.step());
        assertEquals(1, row.repeat());
        assertEquals(1000, row.requests());
        assertEquals(100.0, row.throughputRps());
        assertEquals("generator", row.limitedBy());
        Files.writeString(tmp.resolve(LevelRows.JSON_FILE), "[{\"scenario\": \"capacity\", \"level\": 50}]");
        ReportException e = assertThrows(ReportException.class, () -> LevelRows.read(tmp));
        assertTrue(e.getMessage().contains("lacks its server"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static LevelRow closed(double clients, Double throughput, Double little, Double workers) throws Exception {
        ObjectNode n = LevelRows.JSON.createObjectNode().put("server", "blocking").put("scenario", "capacity")
                .put("loadModel", "closed").put("levelUnit", "clients").put("level", clients).put("measuredSeconds", 5.0);
        if (throughput != null) {
            n.put("throughputRps", throughput);
        }
        if (little != null) {
            n.put("littleBoundRps", little);
        }
        if (workers != null) {
            n.put("workersBoundRps", workers);
        }
        return LevelRows.JSON.treeToValue(n, LevelRow.class);
    }
}
