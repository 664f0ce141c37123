package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke-sized run on PostgreSQL: one embedded PostgreSQL for the run, every server on it through
 * its own driver, and the database's own figures in the results and the report.
 */
class PostgresRunTest {
    @TempDir
    static Path results;
    static LabFixture.Outcome outcome;

    @BeforeAll
    static void run() throws Exception {
        assumeFalse(Boolean.getBoolean("threadlab.smoke.skip"), "lab runs skipped (-Dthreadlab.smoke.skip=true)");
        assertTrue(LabFixture.serversBuilt(), "the server jars must be built first");
        outcome = LabFixture.run(results, "--profile", "smoke", "--db", "postgres", "--scenarios", "capacity,restart");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        LabFixture.assertNoProcessLeft();
    }

    @Test
    void everyServerRunsOnOneEmbeddedPostgresOffItsCpus() throws Exception {
        assertEquals(0, outcome.exitCode(), "exit status; stderr: " + outcome.err());
        JsonNode db = outcome.json("environment.json").path("database");
        assertEquals("postgres", db.path("kind").asText(), db.toString());
        assertTrue(db.path("embedded").asBoolean(), db.toString());
        assertTrue(db.path("version").asText().startsWith("PostgreSQL "), db.toString());
        assertEquals("on", db.path("settings").path("fsync").asText(), "durable: fsync on");
        JsonNode env = outcome.json("environment.json");
        String serverCpus = env.path("cpu").path("server").asText(null);
        if (serverCpus != null) {
            assertFalse(CpuSet.parse(db.path("cpusAllowed").asText()).cpus().stream()
                    .anyMatch(c -> CpuSet.parse(serverCpus).cpus().contains(c)), "PostgreSQL off the server's CPUs: " + db);
        }
        for (String server : List.of("blocking", "virtual", "reactive")) {
            String command = env.path("serverCommands").path(server).toString();
            assertTrue(command.contains("\"--db\",\"postgres\"") && command.contains("--db-url"), command);
        }
        long pid = db.path("pid").asLong();
        assertTrue(pid > 0, db.toString());
        // pg_ctl's stop returns once the postmaster removed its pid file; the process itself ends just after.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (isRunning(pid) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(isRunning(pid), "PostgreSQL stopped after the run");
    }

    /** Alive and not a zombie waiting for its parent (a daemon's parent is init, which may reap late). */
    private static boolean isRunning(long pid) throws Exception {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        return Files.isRegularFile(status) && Files.readAllLines(status).stream()
                .noneMatch(l -> l.startsWith("State:") && l.contains("Z"));
    }

    @Test
    void levelsCarryTheDatabasesFiguresAndPinning() throws Exception {
        JsonNode levels = outcome.json("levels.json");
        java.util.Map<String, Double> dbCpu = new java.util.TreeMap<>();
        int rows = 0;
        for (JsonNode r : levels) {
            rows++;
            String where = r.path("server").asText() + " " + r.path("scenario").asText() + " " + r.path("level").asText();
            boolean outage = r.path("step").asText().equals("outage");
            // Short windows at light load may see no clock tick of PostgreSQL's CPU: >= 0 each, > 0 per server below.
            assertTrue(outage ? r.path("dbCpuPct").isNull() || r.path("dbCpuPct").asDouble() >= 0
                    : r.path("dbCpuPct").isNumber() && r.path("dbCpuPct").asDouble() >= 0,
                    "PostgreSQL's CPU (never negative across its restart): " + where);
            dbCpu.merge(r.path("server").asText(), r.path("dbCpuPct").asDouble(0), Double::sum);
            assertTrue(r.path("dbRssMbMean").asDouble() > 10, "PostgreSQL's memory: " + where);
            assertTrue(r.path("dbPoolWaits").isNumber(), "pool waits: " + where);
            assertEquals(1000.0, r.path("dbPoolBoundRps").asDouble(), "pool 50 / 50 ms: " + where);
            if (r.path("server").asText().equals("virtual")) {
                assertTrue(r.path("pinnedEvents").isNumber(), "pinned virtual threads counted: " + where);
            } else {
                assertTrue(r.path("pinnedEvents").isNull(), "no pinning figure without virtual threads: " + where);
            }
            if (outage) {
                assertTrue(r.path("ko").asLong() > 0, "the outage fails requests: " + where);
            } else if (!r.path("step").asText().equals("recovery")) {
                assertEquals(0, r.path("ko").asLong(), where);
            }
        }
        assertTrue(rows >= 3 * 5, "every server's levels (2 capacity, 3 restart): " + rows);
        for (String server : List.of("blocking", "virtual", "reactive")) {
            assertTrue(dbCpu.getOrDefault(server, 0.0) > 0, "PostgreSQL's CPU sampled while " + server + " ran: " + dbCpu);
        }
        String html = Files.readString(outcome.runDir().resolve("index.html"));
        assertTrue(html.contains("database PostgreSQL"), "the report names the database");
        assertTrue(html.contains("Pool waits") && html.contains("DB CPU") && html.contains("Pinned"), "report columns");
        assertTrue(html.contains("DB pool / DB latency"), "the pool bound on the throughput charts");
        assertTrue(html.contains("id=\"database-restart\""), "the report's database restart section");
    }

    @Test
    void theRestartLosesNoAcknowledgedOrderAndEveryServerServesAgain() throws Exception {
        JsonNode run = outcome.json("run.json");
        JsonNode restarts = run.path("databaseRestarts");
        for (String server : List.of("blocking", "virtual", "reactive")) {
            JsonNode r = restarts.path(server);
            assertTrue(r.path("outageMs").asLong() >= 1000, server + ": PostgreSQL was down: " + r);
            assertTrue(r.path("servingAgainMs").isNumber(), server + " served again: " + r);
            assertTrue(r.path("ordersAcknowledged").asLong() > 0, server + " acknowledged orders: " + r);
            assertEquals(0, r.path("ordersLost").asLong(-1), server + ": no acknowledged order lost: " + r);
        }
        assertFalse(run.path("warnings").toString().contains("restart"), "no restart assertion failed (a base "
                + "request answered after the stop would): " + run.path("warnings"));
    }
}
