package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model × engine section on made-up capacity rows: the table's rows and the sentences' rules. */
class EngineMatrixTest {
    /** server, then per level (10, 200, 800 clients): throughput and CPU ms per 1,000 requests. */
    private record Server(String name, double[] rps, double[] cpu) {
    }

    private static EngineMatrix matrix(Server... servers) throws Exception {
        List<LevelRow> rows = new ArrayList<>();
        double[] levels = {10, 200, 800};
        for (Server s : servers) {
            for (int i = 0; i < levels.length; i++) {
                // 800 clients misses the SLO for everyone but the first, so the shared load is 200 clients
                double p99 = i == 2 && !s.name().equals(servers[0].name()) ? 900 : 60;
                ObjectNode n = LevelRows.JSON.createObjectNode().put("server", s.name()).put("scenario", "capacity")
                        .put("loadModel", "closed").put("level", levels[i]).put("step", "measure")
                        .put("measuredSeconds", 5.0).put("requests", (long) (s.rps()[i] * 5))
                        .put("ok", (long) (s.rps()[i] * 5)).put("throughputRps", s.rps()[i]).put("p99Ms", p99)
                        .put("serverCapacityCores", 0.5).put("littleBoundRps", levels[i] / 0.05)
                        .put("serverCpuMsPer1kReq", s.cpu()[i]).put("liveThreadsMax", 30);
                rows.add(LevelRows.JSON.treeToValue(n, LevelRow.class));
            }
        }
        List<String> names = java.util.Arrays.stream(servers).map(Server::name).toList();
        RunData run = new RunData(Path.of("made-up"), "made-up", "complete", null, "quick", names, List.of("capacity"),
                List.of(), Map.of(), null, rows, null, 1);
        return EngineMatrix.of(new RunAnalysis(run, SloOptions.defaults()));
    }

    private static Server server(String name, double cpuAt200) {
        return new Server(name, new double[] {196, 3900, 9000}, new double[] {300, cpuAt200, cpuAt200});
    }

    @Test
    void noSectionWithoutAControl() throws Exception {
        assertNull(matrix(server("blocking", 60), server("virtual", 50), server("reactive", 40)));
    }

    @Test
    void tableHoldsEveryPairAtItsKneeAndAtTheSharedLoad() throws Exception {
        EngineMatrix m = matrix(server("virtual", 52), server("virtual:netty", 45), server("reactive", 44),
                server("reactive:netty", 40));
        assertNotNull(m);
        Map<String, Object> json = m.json();
        assertEquals("200 clients", json.get("sharedLoad"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> pairs = (List<Map<String, Object>>) json.get("pairs");
        assertEquals(List.of("virtual", "virtual:netty", "reactive", "reactive:netty"),
                pairs.stream().map(p -> p.get("server")).toList());
        assertEquals("helidon", pairs.get(0).get("engine"));
        assertEquals("netty", pairs.get(1).get("engine"));
        assertEquals(45.0, pairs.get(1).get("sharedCpuUsPerRequest"));
        assertEquals("800 clients", pairs.get(0).get("knee"));
        assertEquals("200 clients", pairs.get(1).get("knee"));
        assertTrue(m.html().contains("<section id=\"engines\">"), m.html());
        assertTrue(m.markdown().contains("| virtual:netty | virtual | netty |"), m.markdown());
    }

    @Test
    void theGapThatStaysOnTheSameEngineIsTheModels() throws Exception {
        // virtual 52 vs reactive 44 on their defaults (1.18x); on netty 50 vs 40 (1.25x): the model's
        EngineMatrix m = matrix(server("virtual", 52), server("virtual:netty", 50), server("reactive", 44),
                server("reactive:netty", 40));
        String gap = m.sentences().stream().filter(s -> s.startsWith("virtual vs reactive")).findFirst().orElseThrow();
        assertTrue(gap.contains("1.18× on their default engines (helidon vs vertx)"), gap);
        assertTrue(gap.contains("1.25× on netty (50 vs 40 µs)"), gap);
        assertTrue(gap.endsWith("it is the model's."), gap);
        String engine = m.sentences().stream().filter(s -> s.startsWith("Virtual threads on")).findFirst().orElseThrow();
        assertTrue(engine.contains("(helidon 52, netty 50)") && engine.endsWith("the engine hardly moves it."), engine);
    }

    @Test
    void aGapThatGoesOnTheSameEngineWasTheEngines() throws Exception {
        // virtual on helidon 60 vs reactive on vertx 40 (1.5x); both on netty 40 vs 39: no gap left
        EngineMatrix m = matrix(server("virtual", 60), server("virtual:netty", 40), server("reactive", 40),
                server("reactive:netty", 39));
        String gap = m.sentences().stream().filter(s -> s.startsWith("virtual vs reactive")).findFirst().orElseThrow();
        assertTrue(gap.endsWith("the gap goes when the engine is held fixed: it was the engines'."), gap);
        String engine = m.sentences().stream().filter(s -> s.startsWith("Virtual threads on")).findFirst().orElseThrow();
        assertTrue(engine.endsWith("the engine moves it 1.50×."), engine);
    }

    @Test
    void judgeNamesEveryOutcome() {
        assertEquals("no gap either way", EngineMatrix.judge(1.05, List.of(0.97)));
        assertEquals("most of the gap stays with the engine held fixed: it is the model's",
                EngineMatrix.judge(2.0, List.of(1.6, 2.4)));
        assertEquals("the gap goes when the engine is held fixed: it was the engines'",
                EngineMatrix.judge(2.0, List.of(1.02, 0.95)));
        assertEquals("the engine changes the gap: part model, part engine", EngineMatrix.judge(2.0, List.of(1.15)));
        assertEquals("the engine changes the gap: part model, part engine", EngineMatrix.judge(1.5, List.of(0.6)));
        assertEquals("the engine changes the gap: part model, part engine",
                EngineMatrix.judge(1.48, List.of(1.04, 1.60)), "a gap on one shared engine and none on the other");
        assertEquals("the models differ on the same engine", EngineMatrix.judge(null, List.of(1.5)));
        assertEquals("on the same engine it depends on the engine", EngineMatrix.judge(null, List.of(1.5, 1.0)));
        assertEquals("the default engines hide a gap that the same engine shows: one model's engine makes up for it",
                EngineMatrix.judge(1.08, List.of(1.34, 1.64)));
    }

    @Test
    void serverNamesSpellPairsOneWay() {
        assertEquals("virtual", ServerNames.normalize("virtual:helidon"));
        assertEquals("virtual:netty", ServerNames.normalize(" Virtual:Netty "));
        assertEquals("blocking@10000", ServerNames.normalize("blocking:netty@10000"));
        assertEquals("blocking:vertx@500", ServerNames.normalize("blocking:vertx@500"));
        assertEquals(List.of("blocking", "blocking:vertx", "virtual", "virtual:netty", "virtual:vertx", "reactive",
                "reactive:netty"), ServerNames.matrix());
        assertEquals("virtual", ServerNames.model("virtual:vertx"));
        assertEquals("vertx", ServerNames.engine("virtual:vertx"));
        assertEquals("netty", ServerNames.engine("blocking@10000"));
        assertEquals(10000, ServerNames.workers("blocking@10000"));
        assertNull(ServerNames.workers("blocking"));
        assertTrue(ServerNames.isControl("blocking@10000") && !ServerNames.isControl("reactive"));
        IllegalArgumentException engine = assertThrows(IllegalArgumentException.class,
                () -> ServerNames.normalize("reactive:helidon"));
        assertEquals("unknown engine 'helidon' for reactive (known: vertx, netty)", engine.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerNames.normalize("virtual@100"));
        assertThrows(IllegalArgumentException.class, () -> ServerNames.normalize("tomcat:netty"));
    }
}
