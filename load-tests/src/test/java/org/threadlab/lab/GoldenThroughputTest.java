package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain against Little's law: 20 closed clients over a 100 ms database can do at most
 * 20 / 0.1 s = 200 req/s, and a server that adds little latency of its own gets within 10% of it.
 */
class GoldenThroughputTest {
    @TempDir
    Path results;

    @AfterAll
    static void nothingLeft() throws Exception {
        LabFixture.assertNoProcessLeft();
    }

    @Test
    void twentyClientsAtHundredMillisecondsGiveTwoHundredRequestsPerSecond() throws Exception {
        assumeFalse(Boolean.getBoolean("threadlab.smoke.skip"), "load runs skipped (-Dthreadlab.smoke.skip=true)");
        LabFixture.Outcome o = LabFixture.run(results, "--profile", "smoke", "--scenarios", "capacity",
                "--levels", "20", "--db-latency", "100ms", "--warmup", "2s", "--duration", "5s", "--jit-warmup", "2s");
        assertEquals(0, o.exitCode(), "stderr: " + o.err());
        List<String> misses = new ArrayList<>();
        int rows = 0;
        for (JsonNode row : o.json("levels.json")) {
            rows++;
            double rps = row.path("throughputRps").asDouble();
            assertEquals(200.0, row.path("littleBoundRps").asDouble(), 1e-9);
            assertEquals(0, row.path("ko").asLong(), "KO in " + row);
            if (Math.abs(rps - 200) > 20) {
                misses.add(row.path("server").asText() + " " + rps + " req/s (generatorLimited="
                        + row.path("generatorLimited").asBoolean() + ", machine CPU " + row.path("machineCpuPct") + "%)");
            }
        }
        assertEquals(3, rows);
        assertTrue(misses.isEmpty(), "not within 10% of 200 req/s: " + misses);
    }
}
