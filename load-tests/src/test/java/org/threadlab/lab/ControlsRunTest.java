package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke-sized run of two engine controls, the reactive model on Netty and the blocking model on
 * Vert.x with a pool of its own size, over capacity and a small c10k level: each started with its
 * --engine, measured like the three defaults, and reported in the model × engine section and the
 * c10k table.
 */
class ControlsRunTest {
    private static final List<String> SERVERS = List.of("reactive:netty", "blocking:vertx@300");

    @TempDir
    static Path results;
    static LabFixture.Outcome outcome;

    @BeforeAll
    static void run() throws Exception {
        assumeFalse(Boolean.getBoolean("threadlab.smoke.skip"), "lab runs skipped (-Dthreadlab.smoke.skip=true)");
        assertTrue(LabFixture.serversBuilt(), "the server jars must be built first");
        outcome = LabFixture.run(results, "--profile", "smoke", "--servers", String.join(",", SERVERS),
                "--scenarios", "capacity,c10k", "--levels", "capacity=10,50", "--stall-rounds", "50000",
                "--stall-share", "0.05");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        LabFixture.assertNoProcessLeft();
    }

    @Test
    void eachControlRunsOnItsEngineAtEveryLevel() throws Exception {
        assertEquals(0, outcome.exitCode(), "exit status; stderr: " + outcome.err());
        JsonNode commands = outcome.json("environment.json").path("serverCommands");
        assertTrue(commands.path("reactive:netty").toString().contains("\"--engine\",\"netty\""), commands.toString());
        String blocking = commands.path("blocking:vertx@300").toString();
        assertTrue(blocking.contains("\"--engine\",\"vertx\"") && blocking.contains("\"--workers\",\"300\""), blocking);
        JsonNode env = outcome.json("environment.json");
        assertEquals(50000, env.path("settings").path("stallRounds").asInt(), "the stall scenario's settings are recorded");
        assertEquals(0.05, env.path("settings").path("stallHeavyShare").asDouble());
        String gatling = env.path("gatlingCommand").toString();
        assertTrue(gatling.contains("-Dthreadlab.stall.rounds=50000") && gatling.contains("-Dthreadlab.stall.heavyShare=0.05"),
                "and reach Gatling: " + gatling);
        List<String> seen = new ArrayList<>();
        for (JsonNode r : outcome.json("levels.json")) {
            String where = r.path("server").asText() + " " + r.path("scenario").asText() + " " + r.path("level").asText();
            seen.add(where);
            assertTrue(r.path("okThroughputRps").asDouble() > 0, where + ": " + r);
            assertEquals(0, r.path("ko").asLong(), where + " failed requests: " + r);
        }
        for (String server : SERVERS) {
            for (String level : List.of("capacity 10", "capacity 50", "c10k 200")) {
                assertTrue(seen.contains(server + " " + level), server + " " + level + " in " + seen);
            }
        }
        // the blocking control's bound is its own pool, not --workers: 300 workers over 50 ms
        for (JsonNode r : outcome.json("levels.json")) {
            if (r.path("server").asText().startsWith("blocking") && r.path("scenario").asText().equals("capacity")) {
                assertEquals(6000.0, r.path("workersBoundRps").asDouble(), r.toString());
            }
        }
    }

    @Test
    void theReportHoldsTheModelByEngineSectionAndTheC10kTable() throws Exception {
        JsonNode summary = outcome.json("summary.json");
        JsonNode pairs = summary.path("engines").path("pairs");
        assertEquals(2, pairs.size(), summary.path("engines").toString());
        assertEquals("blocking:vertx@300", pairs.get(0).path("server").asText(), "pairs grouped by model");
        assertEquals("vertx (300 workers)", pairs.get(0).path("engine").asText());
        assertEquals("netty", pairs.get(1).path("engine").asText());
        for (JsonNode p : pairs) {
            assertTrue(p.path("sharedCpuUsPerRequest").asDouble() > 0, p.toString());
        }
        assertTrue(summary.path("engines").path("sentences").isArray());
        JsonNode c10k = summary.path("c10k");
        assertEquals(2, c10k.size(), c10k.toString());
        for (JsonNode row : c10k) {
            assertEquals(200, row.path("clients").asDouble(), row.toString());
            assertTrue(row.path("cpuUsPerRequest").asDouble() > 0 && row.path("platformThreads").asDouble() > 0,
                    row.toString());
        }
        // a 1 s database: 200 clients make about 200 req/s
        for (JsonNode row : c10k) {
            assertTrue(row.path("throughputRps").asDouble() < 260, "the c10k latency was in force: " + row);
        }
        String html = Files.readString(outcome.runDir().resolve("index.html"));
        assertTrue(html.contains("<section id=\"engines\">") && html.contains("<table class=\"c10k\">"));
    }
}
