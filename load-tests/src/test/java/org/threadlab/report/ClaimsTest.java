package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The claims' rules on made-up runs whose figures decide each verdict. */
class ClaimsTest {
    private static final List<String> CRITERIA = List.of("execution pattern", "blocking behaviour", "performance",
            "responsiveness", "scalability", "complexity", "overhead", "debugging", "resource use", "use cases");

    /** One capacity level: throughput, p99, requests in flight, of them waiting for a worker, platform threads, CPU. */
    private record Level(String server, double clients, double rps, double p99, double inFlight, Double queued,
                         double threads, double cpuMsPer1k) {
    }

    @Test
    void virtualThreadsPutTheDifferenceInTheThreads() throws Exception {
        Map<String, Claims.Claim> c = claims(threeServers(), null);
        assertEquals(CRITERIA, List.copyOf(c.keySet()));
        assertEquals(Claims.DEPENDS, c.get("execution pattern").verdict(), c.get("execution pattern").basis());
        assertTrue(c.get("execution pattern").basis().contains("virtual threads had 800 requests in progress at once"),
                c.get("execution pattern").basis());
        assertTrue(c.get("execution pattern").basis().contains("the platform-thread pool 50"), "200 clients at its knee, 150 of them queued");
        assertEquals(Claims.DEPENDS, c.get("blocking behaviour").verdict());
        assertEquals(Claims.DEPENDS, c.get("performance").verdict());
        assertEquals(Claims.DEPENDS, c.get("scalability").verdict());
        assertEquals(Claims.DEPENDS, c.get("resource use").verdict());
        assertEquals(Claims.NOT_MEASURED, c.get("overhead").verdict(), "no latency scenario: no load shared by all");
        assertEquals(Claims.NOT_MEASURED, c.get("responsiveness").verdict(), "no stall scenario in this run");
        assertEquals(Claims.NOT_MEASURED, c.get("complexity").verdict(), "no serverCode in environment.json");
        assertEquals(Claims.NOT_MEASURED, c.get("debugging").verdict(), "no fault-traces.json");
        assertEquals(Claims.DEPENDS, c.get("use cases").verdict());
        assertTrue(c.get("performance").evidence().get("virtual").startsWith("9,000 req/s at 800 clients"),
                c.get("performance").evidence().toString());
        assertTrue(c.get("execution pattern").evidence().get("blocking").contains("150 more waiting for one of its"),
                c.get("execution pattern").evidence().toString());
    }

    @Test
    void performanceCountsOnlyTheRequestsAnsweredOk() throws Exception {
        // The event loop's fast 503s (a full database pool) are no work done: half its answers failing
        // halves its throughput for the claim, and the evidence says so.
        Map<String, Claims.Claim> all = claims(threeServers(), null);
        Map<String, Claims.Claim> failing = claims(threeServers(), null, List.of(), Path.of("made-up"),
                Map.of("reactive", 0.5, "virtual", 0.5));
        String evidence = failing.get("performance").evidence().get("reactive");
        assertTrue(evidence.contains("answered OK") && evidence.contains("50% failed"), evidence);
        assertTrue(!all.get("performance").evidence().get("reactive").contains("failed"),
                all.get("performance").evidence().toString());
        double before = leadingNumber(all.get("performance").evidence().get("reactive"));
        double after = leadingNumber(evidence);
        assertEquals(0.5, after / before, 0.01, "the claim's throughput is the OK throughput: " + evidence);
    }

    private static double leadingNumber(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([0-9,.]+)").matcher(text);
        assertTrue(m.find(), text);
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    @Test
    void withoutVirtualThreadsTheTableHolds() throws Exception {
        List<Level> two = threeServers().stream().filter(l -> !l.server().equals("virtual")).toList();
        Map<String, Claims.Claim> c = claims(two, null);
        assertEquals(Claims.HOLDS, c.get("execution pattern").verdict());
        assertEquals(Claims.HOLDS, c.get("blocking behaviour").verdict());
        assertEquals(Claims.HOLDS, c.get("performance").verdict());
        assertEquals(Claims.HOLDS, c.get("scalability").verdict());
        assertEquals(Claims.HOLDS, c.get("resource use").verdict());
    }

    @Test
    void complexityAndResponsivenessFromTheirOwnData() throws Exception {
        ObjectNode env = LevelRows.JSON.createObjectNode();
        ObjectNode code = env.putObject("serverCode");
        code.putObject("blocking").put("files", 8).put("lines", 500).put("asyncCompositions", 2);
        code.putObject("virtual").put("files", 4).put("lines", 250).put("asyncCompositions", 0);
        code.putObject("reactive").put("files", 5).put("lines", 320).put("asyncCompositions", 3);
        code.putObject("core").put("files", 60).put("lines", 4000).put("asyncCompositions", 5);
        List<LevelRow> stall = new ArrayList<>();
        stall.addAll(stallRows("blocking", 55, 56));
        stall.addAll(stallRows("virtual", 54, 58));
        stall.addAll(stallRows("reactive", 53, 90));
        Map<String, Claims.Claim> c = claims(threeServers(), env, stall);
        assertEquals(Claims.HOLDS, c.get("complexity").verdict(), c.get("complexity").basis());
        assertTrue(c.get("complexity").evidence().get("reactive").startsWith("320 lines of its own in 5 files, 3 "),
                c.get("complexity").evidence().toString());
        assertEquals(Claims.DOES_NOT_HOLD, c.get("responsiveness").verdict(), c.get("responsiveness").basis());
        assertTrue(c.get("responsiveness").basis().contains("×1.70"), c.get("responsiveness").basis());
    }

    @Test
    void responsivenessWhereOnlyVirtualThreadsKeepTheirReadsFast() throws Exception {
        List<LevelRow> stall = new ArrayList<>();
        stall.addAll(stallRows("blocking", 62, 98));
        stall.addAll(stallRows("virtual", 56, 58));
        stall.addAll(stallRows("reactive", 57, 82));
        Claims.Claim c = claims(threeServers(), null, stall).get("responsiveness");
        assertEquals(Claims.DEPENDS, c.verdict(), c.basis());
        assertTrue(c.basis().startsWith("on the threads: blocking code on virtual threads kept its reads' p99 (×1.04)"),
                c.basis());
        assertTrue(c.basis().endsWith("the pool's grew ×1.58 and the event loop's ×1.44"), c.basis());
        stall.removeIf(r -> r.server().equals("virtual"));
        stall.addAll(stallRows("virtual", 56, 90));
        assertEquals(Claims.HOLDS, claims(threeServers(), null, stall).get("responsiveness").verdict(),
                "virtual no better than the others: the pool slowed more than the event loop");
    }

    @Test
    void debuggingFromTheStacksTheServersPrinted(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve(FaultTraces.FILE), """
                {"blocking": {"thread": "worker-3", "virtual": false, "frames": [
                   "org.threadlab.core.db.SimulatedDatabase.complete(SimulatedDatabase.java:231)",
                   "org.threadlab.core.db.SimulatedDatabase.query(SimulatedDatabase.java:120)",
                   "org.threadlab.core.api.ItemsResource.get(ItemsResource.java:40)",
                   "org.threadlab.core.api.Api.serve(Api.java:90)",
                   "org.threadlab.blocking.ApiHandler.lambda$run$0(ApiHandler.java:70)"]},
                 "reactive": {"thread": "vert.x-eventloop-thread-1", "virtual": false, "frames": [
                   "org.threadlab.core.db.SimulatedDatabase.complete(SimulatedDatabase.java:231)",
                   "org.threadlab.core.db.SimulatedDatabase.lambda$start$1(SimulatedDatabase.java:170)",
                   "io.vertx.core.impl.VertxImpl$InternalTimerHandler.handle(VertxImpl.java:700)"]}}
                """);
        Map<String, Claims.Claim> c = claims(threeServers(), null, List.of(), dir);
        Claims.Claim d = c.get("debugging");
        assertEquals(Claims.HOLDS, d.verdict(), d.basis());
        assertEquals("5 frames on platform thread worker-3; the request's caller chain (the API that issued the query) "
                + "in it, 2 frames", d.evidence().get("blocking"));
        assertTrue(d.evidence().get("reactive").endsWith("not in it"), d.evidence().toString());
    }

    @Test
    void overheadAtTheSameOfferedRate() throws Exception {
        List<LevelRow> latency = new ArrayList<>();
        double[][] cpu = {{250, 300, 280, 200}, {1000, 170, 60, 40}, {1500, 170, 55, 38}};
        for (double[] l : cpu) {
            String[] servers = {"blocking", "virtual", "reactive"};
            for (int i = 0; i < 3; i++) {
                // blocking cannot keep up with 1,500 req/s (its bound is 1,000): its p99 misses the SLO there
                double p99 = servers[i].equals("blocking") && l[0] > 1000 ? 3500 : 60;
                latency.add(LevelRows.JSON.treeToValue(row(servers[i], "latency", "open", l[0], "measure", l[0], p99)
                        .put("serverCpuMsPer1kReq", l[i + 1]), LevelRow.class));
            }
        }
        Map<String, Claims.Claim> c = claims(threeServers(), null, latency);
        Claims.Claim o = c.get("overhead");
        assertEquals(Claims.DOES_NOT_HOLD, o.verdict(), o.basis());
        assertEquals("40 ms of CPU per 1,000 requests at 1,000 req/s", o.evidence().get("reactive"));
    }

    @Test
    void theSampledThreadStatesShowWhoWaits() throws Exception {
        Map<String, Claims.Claim> c = claims(threeServers(), null, List.of(), Path.of("made-up"), Map.of(), Map.of(
                "blocking", "{\"worker\": {\"threads\": 50, \"running\": 2}, \"other\": {\"threads\": 30, \"running\": 0.5}}",
                "virtual", "{\"carrier\": {\"threads\": 2, \"running\": 1.5}, \"other\": {\"threads\": 18, \"running\": 0}}",
                "reactive", "{\"event-loop\": {\"threads\": 2, \"running\": 1.8}}"));
        Claims.Claim blocking = c.get("blocking behaviour");
        assertTrue(blocking.evidence().get("blocking").contains("its 50 workers waited 96% of the time (2 running on average)"),
                blocking.evidence().toString());
        assertTrue(blocking.evidence().get("virtual").contains("its 2 carriers waited 25% of the time (1.5 running on "
                + "average), up to 800 requests parked or running on virtual threads"), blocking.evidence().toString());
        assertTrue(blocking.evidence().get("reactive").contains("its 2 event loops waited 10% of the time"),
                blocking.evidence().toString());
        assertTrue(blocking.basis().endsWith("(sampled from /proc): blocking's workers 96%, virtual's carriers 25%, "
                + "reactive's event loops 10%"), blocking.basis());
        assertTrue(c.get("execution pattern").evidence().get("blocking").contains("(2.5 of them running, on average)"),
                c.get("execution pattern").evidence().toString());
    }

    @Test
    void withoutThreadStatesTheEvidenceSaysNothingOfThem() throws Exception {
        Map<String, Claims.Claim> c = claims(threeServers(), null);
        assertTrue(c.get("blocking behaviour").evidence().values().stream().noneMatch(e -> e.contains("waited")));
        assertTrue(!c.get("blocking behaviour").basis().contains("sampled"), c.get("blocking behaviour").basis());
    }

    private static List<Level> threeServers() {
        return List.of(
                new Level("blocking", 10, 195, 52, 10, 0.0, 80, 300), new Level("blocking", 200, 980, 180, 50, 150.0, 80, 170),
                new Level("blocking", 800, 985, 800, 50, 750.0, 80, 170),
                new Level("virtual", 10, 196, 51, 10, null, 20, 280), new Level("virtual", 200, 3900, 55, 200, null, 20, 60),
                new Level("virtual", 800, 9000, 150, 800, null, 20, 50),
                new Level("reactive", 10, 196, 51, 10, null, 15, 200), new Level("reactive", 200, 3950, 53, 200, null, 15, 45),
                new Level("reactive", 800, 10000, 120, 800, null, 15, 40));
    }

    private static Map<String, Claims.Claim> claims(List<Level> levels, JsonNode env) throws Exception {
        return claims(levels, env, List.of());
    }

    private static Map<String, Claims.Claim> claims(List<Level> levels, JsonNode env, List<LevelRow> more)
            throws Exception {
        return claims(levels, env, more, Path.of("made-up"));
    }

    private static Map<String, Claims.Claim> claims(List<Level> levels, JsonNode env, List<LevelRow> more, Path dir)
            throws Exception {
        return claims(levels, env, more, dir, Map.of());
    }

    private static Map<String, Claims.Claim> claims(List<Level> levels, JsonNode env, List<LevelRow> more, Path dir,
                                                    Map<String, Double> failedShare) throws Exception {
        return claims(levels, env, more, dir, failedShare, Map.of());
    }

    /**
     * @param failedShare per server, the share of every level's requests that failed (fast 503s)
     * @param threadStates per server, the threadStates every one of its levels read from /proc
     */
    private static Map<String, Claims.Claim> claims(List<Level> levels, JsonNode env, List<LevelRow> more, Path dir,
                                                    Map<String, Double> failedShare, Map<String, String> threadStates)
            throws Exception {
        List<LevelRow> rows = new ArrayList<>();
        for (Level l : levels) {
            ObjectNode n = row(l.server(), "capacity", "closed", l.clients(), "measure", l.rps(), l.p99())
                    .put("inFlightMax", (long) l.inFlight()).put("liveThreadsMax", l.threads())
                    .put("serverCpuMsPer1kReq", l.cpuMsPer1k()).put("littleBoundRps", l.clients() / 0.05);
            double failed = failedShare.getOrDefault(l.server(), 0.0);
            if (failed > 0) {
                long requests = (long) (l.rps() * 5);
                long ko = Math.round(requests * failed);
                n.put("ok", requests - ko).put("ko", ko);
            }
            if (l.queued() != null) {
                n.put("workersQueuedMean", l.queued()).put("workersBoundRps", 1000.0);
            }
            if (threadStates.containsKey(l.server())) {
                n.set("threadStates", LevelRows.JSON.readTree(threadStates.get(l.server())));
            }
            rows.add(LevelRows.JSON.treeToValue(n, LevelRow.class));
        }
        rows.addAll(more);
        List<String> servers = levels.stream().map(Level::server).distinct().toList();
        List<String> scenarios = rows.stream().map(LevelRow::scenario).distinct().toList();
        RunData run = new RunData(dir, "made-up", "complete", null, "quick", servers, scenarios,
                List.of(), Map.of(), env, rows, null, 1);
        Map<String, Claims.Claim> m = new LinkedHashMap<>();
        for (Claims.Claim c : Claims.of(new RunAnalysis(run, SloOptions.defaults()))) {
            assertTrue(List.of(Claims.HOLDS, Claims.DOES_NOT_HOLD, Claims.DEPENDS, Claims.NOT_MEASURED)
                    .contains(c.verdict()), c.toString());
            m.put(c.criterion(), c);
        }
        return m;
    }

    private static List<LevelRow> stallRows(String server, double baseP99, double stallP99) throws Exception {
        return List.of(LevelRows.JSON.treeToValue(row(server, "stall", "open", 250, "base", 250, baseP99), LevelRow.class),
                LevelRows.JSON.treeToValue(row(server, "stall", "open", 250, "stall", 250, stallP99), LevelRow.class));
    }

    private static ObjectNode row(String server, String scenario, String model, double level, String step, double rps,
                                  double p99) {
        return LevelRows.JSON.createObjectNode().put("server", server).put("scenario", scenario).put("loadModel", model)
                .put("level", level).put("step", step).put("measuredSeconds", 5.0).put("requests", (long) (rps * 5))
                .put("ok", (long) (rps * 5)).put("throughputRps", rps).put("p99Ms", p99).put("serverCapacityCores", 0.5);
    }
}
