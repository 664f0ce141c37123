package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.charts.stats.GeneralStats;
import io.gatling.charts.stats.LogFileData;
import io.gatling.charts.stats.LogFileReader;
import io.gatling.core.config.GatlingConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadlab.load.RequestName;

/**
 * The smoke profile end to end, as CI runs it: all three servers (jars from server-NAME/target),
 * real Gatling, real sampling; then the results are checked, and Gatling's own reader is run on
 * the same simulation.log to show that our figures are Gatling's.
 */
class SmokeRunTest {
    @TempDir
    static Path results;
    static LabFixture.Outcome outcome;

    @BeforeAll
    static void runSmoke() throws Exception {
        assumeFalse(Boolean.getBoolean("threadlab.smoke.skip"), "smoke run skipped (-Dthreadlab.smoke.skip=true)");
        assertTrue(LabFixture.serversBuilt(), "the server jars must be built first (the reactor builds them before load-tests)");
        outcome = LabFixture.run(results, "--profile", "smoke");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        LabFixture.assertNoProcessLeft();
    }

    @Test
    void completesWithEveryServerAtEveryLevel() throws Exception {
        assertEquals(0, outcome.exitCode(), "exit status; stderr: " + outcome.err());
        JsonNode run = outcome.json("run.json");
        assertEquals("complete", run.path("status").asText());
        RunPlan plan = plan();
        JsonNode levels = outcome.json("levels.json");
        int withResources = 0;
        for (String server : List.of("blocking", "virtual", "reactive")) {
            for (String scenario : plan.scenarios()) {
                Set<Double> expected = new HashSet<>();
                plan.levelPlans().stream().filter(l -> l.scenario().equals(scenario))
                        .flatMap(l -> l.windows().stream().filter(w -> !w.step().equals(RequestName.WARMUP)))
                        .forEach(w -> expected.add(w.level()));
                Set<Double> seen = new HashSet<>();
                for (JsonNode row : levels) {
                    if (row.path("server").asText().equals(server) && row.path("scenario").asText().equals(scenario)) {
                        seen.add(row.path("level").asDouble());
                        assertTrue(row.path("throughputRps").asDouble() > 0, "throughput of " + row);
                        assertTrue(row.path("ok").asLong() > 0, "OK requests of " + row);
                        assertTrue(row.has("generatorLimited"), "generatorLimited in " + row);
                        if (!row.path("serverCpuPct").isNull() && !row.path("generatorCpuPct").isNull()
                                && !row.path("heapUsedMbMax").isNull()) {
                            withResources++;
                        }
                    }
                }
                assertEquals(expected, seen, server + "/" + scenario + " levels");
            }
            assertTrue(run.path("gatlingReports").has(server + "/capacity"));
            assertTrue(Files.isRegularFile(outcome.runDir().resolve("gatling/" + server + "-capacity/index.html")));
            assertTrue(Files.size(outcome.runDir().resolve("logs/" + server + ".log")) > 0);
        }
        assertEquals(levels.size(), run.path("levelsMeasured").asInt());
        assertHandlerThreadsSampled(levels, plan.workers("blocking"));
        // A window holds 8 samples at 4 Hz; a machine that stalls for seconds (this one is shared) can leave
        // one without: the lab says so in run.json, and most rows must still have every resource figure.
        assertTrue(withResources >= levels.size() * 0.8, withResources + " of " + levels.size()
                + " rows have server CPU, Gatling CPU and heap; warnings: " + run.path("warnings"));
        assertTrue(Files.readAllLines(outcome.runDir().resolve("levels.csv")).size() == levels.size() + 1);
    }

    /**
     * Each server's threads were read from /proc in its capacity windows: the blocking pool's workers
     * (as many as --workers), virtual's carriers, reactive's event loops, each with a share running.
     */
    private static void assertHandlerThreadsSampled(JsonNode levels, int workers) {
        Map<String, String> roles = Map.of("blocking", "worker", "virtual", "carrier", "reactive", "event-loop");
        roles.forEach((server, role) -> {
            List<JsonNode> rows = new ArrayList<>();
            levels.forEach(r -> {
                if (r.path("server").asText().equals(server) && r.path("scenario").asText().equals("capacity")) {
                    rows.add(r);
                }
            });
            assertFalse(rows.isEmpty(), server);
            for (JsonNode r : rows) {
                JsonNode t = r.path("threadStates").path(role);
                assertTrue(t.path("threads").asDouble() >= 1, server + " " + role + " threads in " + r.path("threadStates"));
                assertTrue(t.path("running").asDouble() >= 0 && t.path("running").asDouble() <= t.path("threads").asDouble(),
                        r.path("threadStates").toString());
            }
            if (server.equals("blocking")) {
                assertEquals(workers, rows.get(0).path("threadStates").path("worker").path("threads").asDouble(),
                        0.01, "the pool has exactly --workers threads");
            }
        });
    }

    @Test
    void samplesAndEnvironmentAreRecorded() throws Exception {
        List<String> samples = Files.readAllLines(outcome.runDir().resolve("samples.csv"));
        assertTrue(samples.get(0).startsWith("server,scenario,level,epochMs,elapsedMs,serverCpuPct,serverRssMb"));
        for (String server : List.of("blocking", "virtual", "reactive")) {
            long n = samples.stream().filter(l -> l.startsWith(server + ",")).count();
            long runSeconds = 10;
            assertTrue(n >= 2 * runSeconds, server + " should have >= 2 samples per second, has " + n);
        }
        JsonNode env = outcome.json("environment.json");
        assertFalse(env.path("jdk").path("version").asText().isEmpty());
        assertTrue(env.path("cpu").path("count").asInt() >= 1);
        assertEquals(List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC"),
                ResultsDir.JSON.convertValue(env.path("serverJvmOptions"), List.class));
        assertEquals("smoke", env.path("settings").path("profile").asText());
        assertEquals(2 * Runtime.getRuntime().availableProcessors(), env.path("settings").path("ioThreads").asInt());
        assertFalse(env.path("endedAt").isNull());
        assertTrue(env.path("serverCommands").path("virtual").toString().contains("-Xmx512m"));
        for (String server : List.of("blocking", "virtual", "reactive")) {
            assertTrue(env.path("serverCommands").path(server).toString().contains("--admin-faults"),
                    "the faults scenario needs PUT /admin/faults on " + server);
            int ioThreads = 2 * Runtime.getRuntime().availableProcessors();
            assertTrue(env.path("serverCommands").path(server).toString()
                    .contains("\"--io-threads\",\"" + ioThreads + "\""), env.path("serverCommands").toString());
        }
    }

    @Test
    void contextSwitchesPerRequestAreCountedForEveryServer() throws Exception {
        for (JsonNode r : outcome.json("levels.json")) {
            String where = r.path("server").asText() + " " + r.path("scenario").asText() + " " + r.path("level").asText()
                    + " " + r.path("step").asText();
            assertTrue(r.path("contextSwitchesPer1kReq").isNumber() && r.path("contextSwitchesPer1kReq").asDouble() > 0,
                    () -> "context switches per 1,000 requests of " + where + ": " + r.path("contextSwitchesPer1kReq"));
        }
    }

    @Test
    void pinnedVirtualThreadsAreCountedForTheVirtualServerOnly() throws Exception {
        JsonNode env = outcome.json("environment.json");
        assertTrue(env.path("serverCommands").path("virtual").toString().contains("jdk.VirtualThreadPinned"),
                "the virtual server records pinning: " + env.path("serverCommands").path("virtual"));
        for (JsonNode r : outcome.json("levels.json")) {
            boolean virtual = r.path("server").asText().equals("virtual");
            assertEquals(virtual, r.path("pinnedEvents").isNumber(), () -> "pinnedEvents of " + r.path("server").asText()
                    + " " + r.path("scenario").asText() + ": " + r.path("pinnedEvents"));
        }
    }

    /**
     * Each server ran on its own CPU set (read from /proc when it started) and, where the machine
     * allows cgroups, under the default 0.5-core budget, which its JVM saw as one processor.
     */
    @Test
    void serversRunOnTheirCpuSetUnderTheirBudget() throws Exception {
        JsonNode env = outcome.json("environment.json");
        JsonNode cpus = env.path("settings").path("cpus");
        assertEquals(Runtime.getRuntime().availableProcessors() >= 2 ? "pinned" : "shared", cpus.path("layout").asText());
        JsonNode run = outcome.json("run.json");
        boolean budgetDropped = run.path("warnings").toString().contains("no CPU budget");
        for (String server : List.of("blocking", "virtual", "reactive")) {
            JsonNode placed = env.path("serverPlacement").path(server);
            if (cpus.path("layout").asText().equals("pinned")) {
                assertEquals(cpus.path("server").asText(), placed.path("cpusAllowed").asText(), server + ": " + placed);
                assertTrue(env.path("serverCommands").path(server).toString().contains("\"taskset\",\"-c\""));
            }
            if (!budgetDropped) {
                assertEquals(0.5, placed.path("cpuLimit").asDouble(), server + ": " + placed);
                assertEquals(1, placed.path("availableProcessors").asInt(), server + " JVM's view of a 0.5-core budget");
                assertFalse(Files.exists(java.nio.file.Path.of(placed.path("cgroup").asText())),
                        "the cgroup of " + server + " is removed after the run");
            }
        }
        Set<String> known = Set.of("generator", "machine", "server-cpu", "workers", "database", "none");
        for (JsonNode row : outcome.json("levels.json")) {
            String limit = row.path("limitedBy").asText();
            assertTrue(known.contains(limit), "limitedBy of " + row);
            assertEquals(limit.equals("generator") || limit.equals("machine"), row.path("generatorLimited").asBoolean());
        }
    }

    /** The faults scenario: errors while the database fails, none before, none once it has stopped failing. */
    @Test
    void faultsShowErrorsOnlyInTheFaultPhase() throws Exception {
        assertTrue(plan().scenarios().contains("faults"), "the smoke profile runs the faults scenario");
        JsonNode levels = outcome.json("levels.json");
        for (String server : List.of("blocking", "virtual", "reactive")) {
            Map<String, JsonNode> steps = new java.util.HashMap<>();
            for (JsonNode row : levels) {
                if (row.path("server").asText().equals(server) && row.path("scenario").asText().equals("faults")) {
                    steps.put(row.path("step").asText(), row);
                }
            }
            assertEquals(Set.of("base", "fault", "recovery"), steps.keySet(), server + " faults steps");
            JsonNode fault = steps.get("fault");
            assertTrue(fault.path("ko").asLong() > 0, server + ": no error while the database failed: " + fault);
            assertTrue(fault.path("koByCause").toString().contains("503"), server + ": " + fault.path("koByCause"));
            // loose: 0.3 of the queries fail; the switches sit just inside the window
            double rate = fault.path("ko").asDouble() / fault.path("requests").asDouble();
            assertTrue(rate > 0.1 && rate < 0.5, server + " fault-phase error rate " + rate);
            assertEquals(0, steps.get("base").path("ko").asLong(), server + " base: " + steps.get("base"));
            assertEquals(0, steps.get("recovery").path("ko").asLong(), server + " recovery: " + steps.get("recovery"));
            for (JsonNode n : fault.path("gatlingRequestNames")) {
                assertFalse(n.asText().contains("admin"), "admin requests are never counted: " + n);
            }
        }
    }

    /** The stall scenario: reads alone, reads beside heavy requests, the heavy requests; and its sentence in the report. */
    @Test
    void stallMeasuresTheReadsBesideTheHeavyRequests() throws Exception {
        assertTrue(plan().scenarios().contains("stall"), "the smoke profile runs the stall scenario");
        JsonNode levels = outcome.json("levels.json");
        JsonNode summary = outcome.json("summary.json");
        String html = Files.readString(outcome.runDir().resolve("index.html"));
        for (String server : List.of("blocking", "virtual", "reactive")) {
            Map<String, JsonNode> steps = new java.util.HashMap<>();
            for (JsonNode row : levels) {
                if (row.path("server").asText().equals(server) && row.path("scenario").asText().equals("stall")) {
                    steps.put(row.path("step").asText(), row);
                }
            }
            assertEquals(Set.of("base", "stall", "heavy"), steps.keySet(), server + " stall steps");
            assertTrue(steps.get("heavy").path("ok").asLong() > 0, server + ": no heavy request: " + steps.get("heavy"));
            assertTrue(steps.get("heavy").path("gatlingRequestNames").toString().contains("heavy cpu"),
                    steps.get("heavy").toString());
            assertEquals(0, steps.get("base").path("ko").asLong(), server + " base: " + steps.get("base"));
            JsonNode stall = null;
            for (JsonNode s : summary.path("servers")) {
                if (s.path("server").asText().equals(server)) {
                    stall = s.path("scenarios").path("stall").path("stall");
                }
            }
            assertTrue(stall != null && stall.path("stallP99Ms").isNumber(), server + " summary.json stall: " + stall);
            assertTrue(html.contains(server + ": the reads&#39; p99"), server + "'s stall sentence in index.html");
        }
    }

    /** The claims section: every criterion, a verdict each, real stacks from the faults scenario, code counted. */
    @Test
    void claimsAreTestedOnTheRunsOwnData() throws Exception {
        JsonNode claims = outcome.json("summary.json").path("claims");
        List<String> criteria = new ArrayList<>();
        for (JsonNode c : claims) {
            criteria.add(c.path("criterion").asText());
            assertTrue(Set.of("holds", "does not hold", "depends", "not measured").contains(c.path("verdict").asText()),
                    c.toString());
            assertFalse(c.path("basis").asText().isBlank(), c.toString());
        }
        assertEquals(List.of("execution pattern", "blocking behaviour", "performance", "responsiveness", "scalability",
                "complexity", "overhead", "debugging", "resource use", "use cases"), criteria);
        for (JsonNode c : claims) {
            String criterion = c.path("criterion").asText();
            if (criterion.equals("complexity") || criterion.equals("debugging")) {
                assertEquals(3, c.path("evidence").size(), "evidence for every server: " + c);
            } else if (!criterion.equals("use cases") && !c.path("verdict").asText().equals("not measured")) {
                assertTrue(c.path("evidence").size() >= 2, "a verdict stands on evidence: " + c);
            }
        }
        JsonNode traces = outcome.json("fault-traces.json");
        for (String server : List.of("blocking", "virtual", "reactive")) {
            assertTrue(traces.path(server).path("frames").size() > 3, server + ": " + traces.path(server));
        }
        assertTrue(traces.path("blocking").path("frames").toString().contains("org.threadlab.core.api."),
                "a worker thread's stack shows the API that issued the query: " + traces.path("blocking"));
        assertTrue(traces.path("virtual").path("virtual").asBoolean(), "virtual ran the failed query on a virtual thread");
        String html = Files.readString(outcome.runDir().resolve("index.html"));
        assertTrue(html.contains("<section id=\"claims\">") && html.contains("id=\"fault-traces\""));
        JsonNode code = outcome.json("environment.json").path("serverCode");
        for (String module : List.of("blocking", "virtual", "reactive", "core")) {
            ServerCode counted = module.equals("core") ? ServerCode.of(LabFixture.root().resolve("core/src/main/java"))
                    : ServerCode.ofServer(LabFixture.root(), module);
            assertEquals(counted.lines(), code.path(module).path("lines").asInt(), module + ": " + code);
            assertTrue(counted.lines() > 50, module + " has code");
        }
    }

    /**
     * Our reading of simulation.log against Gatling's own LogFileReader, name by name, for the same run:
     * the same counts, min, max and mean, and the same exact distribution (Gatling's per-millisecond
     * counts, the data of its response-time-distribution chart), hence the same exact percentiles.
     * Gatling's report prints percentiles from a t-digest, an estimate: levels.json keeps those too
     * (gatlingP50Ms...) so that the difference is visible, and they are checked to be Gatling's.
     */
    @Test
    void figuresAgreeWithGatlingsOwn() throws Exception {
        GatlingConfiguration configuration = GatlingConfiguration.load();
        JsonNode levels = outcome.json("levels.json");
        int compared = 0;
        for (String server : List.of("blocking", "virtual", "reactive")) {
            Path report = outcome.runDir().resolve("gatling").resolve(server);
            GatlingLog.Content ours = GatlingLog.read(report);
            LogFileData gatling = new LogFileReader(report.resolve("simulation.log").toFile(), configuration).read();
            assertEquals(ours.requests().size(), gatling.allRequestPaths().size(), "request names of " + server);
            for (Map.Entry<String, GatlingLog.RequestStats> e : ours.requests().entrySet()) {
                GeneralStats theirs = gatling.requestGeneralStats(scala.Option.apply(e.getKey()), scala.Option.empty(),
                        scala.Option.empty()).get();
                Histogram h = e.getValue().histogram();
                String what = server + " '" + e.getKey() + "'";
                assertEquals(theirs.count(), e.getValue().count(), what + " count");
                long theirKo = gatling.requestGeneralStats(scala.Option.apply(e.getKey()), scala.Option.empty(),
                        scala.Option.apply(io.gatling.commons.stats.KO$.MODULE$)).map(GeneralStats::count)
                        .getOrElse(() -> 0L);
                assertEquals(theirKo, e.getValue().ko(), what + " KO count");
                assertTrue(h.valuesAreEquivalent(theirs.max(), h.getMaxValue()), what + " max " + theirs.max() + " vs " + h.getMaxValue());
                assertTrue(h.valuesAreEquivalent(theirs.min(), h.getMinValue()), what + " min " + theirs.min() + " vs " + h.getMinValue());
                assertTrue(Math.abs(theirs.mean() - h.getMean()) <= 0.5 + 1e-9, what + " mean " + theirs.mean() + " vs " + h.getMean());
                java.util.TreeMap<Integer, Long> exact = GatlingFigures.exactDistribution(gatling, e.getKey(), theirs);
                assertEquals(theirs.count(), exact.values().stream().mapToLong(Long::longValue).sum(), what + " distribution");
                for (double p : new double[] {50, 90, 99, 99.9}) {
                    long fromGatling = GatlingFigures.percentile(exact, p);
                    long fromOurs = h.getValueAtPercentile(p);
                    assertTrue(h.valuesAreEquivalent(fromGatling, fromOurs),
                            what + " p" + p + ": Gatling's exact data " + fromGatling + " ms, ours " + fromOurs + " ms");
                }
                compared++;
            }
            for (JsonNode row : levels) {
                if (!row.path("server").asText().equals(server)) {
                    continue;
                }
                long sum = 0;
                for (JsonNode n : row.path("gatlingRequestNames")) {
                    sum += ours.requests().get(n.asText()).count();
                    assertTrue(RequestName.parse(n.asText()).orElseThrow().measured());
                }
                assertEquals(sum, row.path("requests").asLong(), "requests of " + row);
                if (row.path("gatlingRequestNames").size() == 1) {
                    GeneralStats theirs = gatling.requestGeneralStats(
                            scala.Option.apply(row.path("gatlingRequestNames").get(0).asText()), scala.Option.empty(),
                            scala.Option.empty()).get();
                    // the same t-digest figure as this fresh read, give or take Gatling's own randomness
                    // (AVLTreeDigest merges centroids at random: two reads of one log can differ by a ms)
                    assertEquals(theirs.count(), row.path("gatlingRequests").asLong(), "Gatling's count in " + row);
                    assertEquals((Integer) theirs.percentile().apply(50.0), row.path("gatlingP50Ms").asInt(), 1.0,
                            "Gatling's p50 in " + row);
                }
            }
        }
        assertTrue(compared > 20, "compared " + compared + " request names");
    }

    private static RunPlan plan() throws Exception {
        RunCommand cmd = new RunCommand();
        new picocli.CommandLine(cmd).parseArgs("--profile", "smoke");
        return cmd.plan();
    }

    static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        assertNotNull(out);
        return out;
    }
}
