package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisTest {
    private static final String STATUS_503 = "status.find.in(200..399), but actually found 503";
    private static final String TIMEOUT = "j.u.c.TimeoutException: Request timeout to localhost/127.0.0.1:8081 after 10000 ms";

    // ---- SLO knee ----

    @Test
    void kneeIsTheHighestLevelMeetingBothHalvesOfTheSlo() {
        List<LevelPoint> pts = List.of(Fixtures.point("virtual", 10, 200, 60), Fixtures.point("virtual", 50, 1000, 61),
                Fixtures.point("virtual", 200, 3900, 480), Fixtures.point("virtual", 800, 4000, 900));
        SloKnee k = SloKnee.find(pts, SloOptions.defaults());
        assertEquals(200, k.point().level());
        assertEquals(800, k.firstMissed().level());
        assertEquals("200 clients", k.label());

        SloKnee strict = SloKnee.find(pts, new SloOptions(100, 1));
        assertEquals(50, strict.point().level(), "--slo-p99 100 moves the knee down");
    }

    @Test
    void errorsAboveTheSloMissItEvenWithLowLatency() {
        List<LevelPoint> pts = List.of(Fixtures.point("reactive", 10, 200, 60),
                Fixtures.point("reactive", 50, 1000, 61, 1000, 20, Fixtures.causes(STATUS_503, 20), false));
        assertEquals(10, SloKnee.find(pts, SloOptions.defaults()).point().level(), "2% errors > 1%");
        assertEquals(50, SloKnee.find(pts, new SloOptions(500, 5)).point().level(), "--slo-errors 5 accepts 2%");
    }

    @Test
    void generatorLimitedLevelsCountNeitherWay() {
        List<LevelPoint> pts = List.of(Fixtures.point("virtual", 10, 200, 60), Fixtures.point("virtual", 800, 9000, 100),
                Fixtures.point("virtual", 1600, 9500, 140, 1000, 0, Map.of(), true));
        SloKnee k = SloKnee.find(pts, SloOptions.defaults());
        assertEquals(800, k.point().level(), "a generator-limited level meeting the SLO is not the knee");
        assertEquals(1, k.excluded());

        SloKnee none = SloKnee.find(List.of(Fixtures.point("x", 10, 1, 1, 10, 0, Map.of(), true)),
                SloOptions.defaults());
        assertNull(none.point());
        assertTrue(none.label().contains("generator-limited"));
    }

    @Test
    void noLevelMeetingTheSloSaysWhereItMissed() {
        SloKnee k = SloKnee.find(List.of(Fixtures.point("blocking", 10, 200, 900)), SloOptions.defaults());
        assertNull(k.point());
        assertEquals("none (misses at 10 clients)", k.label());
    }

    @Test
    void sloOptionsRejectNonsense() {
        assertThrows(ReportException.class, () -> new SloOptions(0, 1));
        assertThrows(ReportException.class, () -> new SloOptions(500, 101));
        assertEquals("p99 \u2264 500 ms and errors \u2264 1%", SloOptions.defaults().describe());
    }

    @Test
    void kneesOfTheFixtureRun() {
        RunAnalysis a = Fixtures.analysis(Fixtures.RUN_A);
        assertEquals("capacity", a.headline);
        assertEquals(800, a.knees.get("blocking").get("capacity").point().level(), "p99 466 ms at 800 clients");
        assertEquals(800, a.knees.get("virtual").get("capacity").point().level(), "1,600 is generator-limited");
        assertEquals(2000, a.knees.get("blocking").get("latency").point().level(), "p99 928 ms at 4,000 req/s");
        assertEquals(6000, a.knees.get("reactive").get("latency").point().level());
        SloKnee spike = a.knees.get("virtual").get("spike");
        assertEquals("burst 10,000 req/s", spike.label(), "the highest level of the spike, not its last phase");
        assertEquals("base 1,000 req/s", a.knees.get("reactive").get("spike").label(), "9.5% errors in the burst");
    }

    // ---- Little's-law bounds ----

    @Test
    void boundsComeFromTheDataAndTheTightestWins() {
        LevelPoint blocking = Fixtures.point("blocking", 800, 3960, 480);
        assertEquals(16000, blocking.littleBoundRps());
        assertEquals(4000, Bounds.tightest(blocking), "200 workers / 50 ms is tighter than 800 clients / 50 ms");
        assertEquals(0.99, Bounds.fraction(blocking), 1e-9);
        assertEquals(0.05, Bounds.latencySeconds(blocking), 1e-9);
        assertEquals(200, Bounds.workers(blocking, null), "recovered from the data");
        assertEquals(250, Bounds.workers(blocking, "250"), "the run's setting wins");
        assertEquals("200-worker bound", Bounds.tightestName(blocking, 200));

        LevelPoint virtual = Fixtures.point("virtual", 800, 8000, 100);
        assertEquals(16000, Bounds.tightest(virtual));
        assertEquals("Little's-law bound", Bounds.tightestName(virtual, null));
        assertNull(Bounds.workers(virtual, null));
    }

    @Test
    void boundsOfTheFixtureRunMatchTheLabsOwnFraction() {
        RunData run = RunData.read(Fixtures.source(Fixtures.RUN_A));
        for (LevelRow r : run.rows()) {
            if (!r.closed()) {
                continue;
            }
            LevelPoint p = LevelPoint.of(List.of(r));
            assertNotNull(Bounds.fraction(p));
            double lab = r.throughputRps() / Math.min(r.littleBoundRps(),
                    r.workersBoundRps() == null ? Double.MAX_VALUE : r.workersBoundRps());
            assertEquals(lab, Bounds.fraction(p), 1e-9, r.toString());
        }
    }

    // ---- generator-limited marking ----

    @Test
    void generatorLimitedLevelsAreMarkedPerScenarioWithTheirServers() {
        RunAnalysis a = Fixtures.analysis(Fixtures.RUN_A);
        var marks = a.generatorLimited("capacity");
        assertEquals(1, marks.size());
        var x = marks.keySet().iterator().next();
        assertEquals(1600, x.level());
        assertEquals(List.of("virtual", "reactive"), marks.get(x));
        assertTrue(a.generatorLimited("latency").isEmpty());
        assertTrue(a.warnings.stream().anyMatch(w -> w.startsWith("Generator-limited: virtual capacity at 1,600 clients")),
                a.warnings.toString());
        // the charts draw a band at that level
        LevelChart throughput = ScenarioCharts.of(a, "capacity").get(0);
        assertEquals(marks, throughput.limited);
    }

    // ---- where it broke and how ----

    @Test
    void queueingIsP99GrowingWhileThroughputStaysFlat() {
        List<LevelPoint> pts = List.of(Fixtures.point("blocking", 200, 3950, 52), Fixtures.point("blocking", 800, 3960, 480),
                Fixtures.point("blocking", 1600, 3955, 960));
        Breakdown b = Breakdown.find(pts, SloOptions.defaults());
        assertEquals(Breakdown.Kind.QUEUEING, b.kind());
        assertEquals(1600, b.at().level());
        assertEquals("queueing at 1,600 clients: p99 480 ms \u2192 960 ms while throughput stays at 3,955 req/s", b.how());
    }

    @Test
    void errorsAreReportedByCause() {
        List<LevelPoint> pts = List.of(Fixtures.point("reactive", 1000, 1000, 57),
                Fixtures.point("reactive", 10000, 9000, 210, 30000, 2862, Fixtures.causes(STATUS_503, 2850, TIMEOUT, 12),
                        false));
        Breakdown b = Breakdown.find(pts, SloOptions.defaults());
        assertEquals(Breakdown.Kind.ERRORS, b.kind());
        assertEquals("errors at 10,000 clients: 9.5% failed (HTTP 503 \u00d72,850, timeouts \u00d712)", b.how());
    }

    @Test
    void timeoutsAreTheirOwnKindAndFollowQueueing() {
        List<LevelPoint> pts = List.of(Fixtures.point("blocking", 1000, 1000, 55), Fixtures.point("blocking", 4000, 3900, 928),
                Fixtures.point("blocking", 6000, 4000, 9822, 20000, 1800, Fixtures.causes(TIMEOUT, 1800), false));
        Breakdown b = Breakdown.find(pts, SloOptions.defaults());
        assertEquals(Breakdown.Kind.QUEUEING, b.kind());
        assertEquals(Breakdown.Kind.TIMEOUTS, b.thenKind());
        assertTrue(b.how().contains("then timeouts at 6,000 clients: 9% failed, mostly timeouts"), b.how());
    }

    @Test
    void heldWhenEveryCountedLevelMeetsTheSlo() {
        RunAnalysis a = Fixtures.analysis(Fixtures.RUN_A);
        Breakdown b = a.breakdowns.get("virtual").get("capacity");
        assertEquals(Breakdown.Kind.HELD, b.kind());
        assertEquals("held up to 800 clients (1 level above: generator-limited)", b.how());
        Breakdown spike = a.breakdowns.get("reactive").get("spike");
        assertEquals(Breakdown.Kind.ERRORS, spike.kind());
        assertTrue(spike.how().startsWith("errors at burst 10,000 req/s: 9.5% failed (HTTP 503"), spike.how());
    }

    @Test
    void causesAreGroupedForReaders() {
        assertEquals("HTTP 503", Causes.group(STATUS_503));
        assertEquals("timeouts", Causes.group(TIMEOUT));
        assertEquals("connection errors", Causes.group("i.n.c.AbstractChannel$AnnotatedConnectException: Connection refused"));
        assertEquals("HTTP 503 \u00d710, timeouts \u00d73", Causes.describe(Fixtures.causes(TIMEOUT, 3, STATUS_503, 10)));
    }

    @Test
    void plateauNeedsLoadToGrowAndThroughputToStayFlat() {
        Plateau p = Plateau.find(List.of(Fixtures.point("blocking", 50, 1000, 51), Fixtures.point("blocking", 200, 3950, 52),
                Fixtures.point("blocking", 800, 3960, 480), Fixtures.point("blocking", 1600, 3940, 960)));
        assertNotNull(p);
        assertEquals(200, p.at().level());
        assertEquals(1600, p.last().level());
        assertEquals(3950, p.throughputRps(), 1e-9);
        assertNull(Plateau.find(List.of(Fixtures.point("virtual", 50, 1000, 51), Fixtures.point("virtual", 200, 3950, 52))));
    }

    // ---- verdicts ----

    @Test
    void verdictSentencesOfTheFixtureRun() {
        RunAnalysis a = Fixtures.analysis(Fixtures.RUN_A);
        assertEquals("blocking stops scaling at 200 clients: throughput stays at 4,002 req/s = 100% of its 200-worker "
                + "bound while p99 grows from 51 ms to 932 ms at 1,600 clients; in latency, queueing at 4,000 req/s: "
                + "p99 reaches 928 ms.", a.verdicts.get("blocking"));
        assertEquals("virtual meets the SLO at every level up to 800 clients (6,982 req/s, p99 234 ms, 44% of the "
                + "Little's-law bound); above that the load generator, not the server, was the limit.",
                a.verdicts.get("virtual"));
        assertTrue(a.verdicts.get("reactive").endsWith("; in spike, errors at burst 10,000 req/s: 9.5% failed "
                + "(HTTP 503 \u00d72,850, timeouts \u00d712)."), a.verdicts.get("reactive"));
    }

    @Test
    void verdictWhenTheSloBreaksByErrors() {
        List<LevelPoint> pts = List.of(Fixtures.point("reactive", 10, 200, 60), Fixtures.point("reactive", 50, 1000, 61),
                Fixtures.point("reactive", 200, 3800, 70, 10000, 500, Fixtures.causes(STATUS_503, 500), false));
        assertEquals("reactive meets the SLO up to 50 clients (1,000 req/s), then breaks by errors at 200 clients: "
                + "5% failed (HTTP 503 \u00d7500).", Verdict.sentence("reactive", pts, SloOptions.defaults(), Map.of(),
                null));
    }

    @Test
    void verdictWithTheWorkersSettingOfTheRun() {
        RunAnalysis b = Fixtures.analysis(Fixtures.RUN_B);
        String v = b.verdicts.get("blocking");
        assertTrue(v.startsWith("blocking stops scaling at 800 clients: "), "1000 workers: the CPU, not the pool: " + v);
        assertTrue(v.contains("of its 1,000-worker bound"), v);
    }

    // ---- aggregation of repeats ----

    @Test
    void repeatsAreAggregatedByMedianWithTheirSpread() {
        RunAnalysis b = Fixtures.analysis(Fixtures.RUN_B);
        List<LevelRow> rows = b.run.rows().stream().filter(r -> r.server().equals("virtual")
                && r.scenario().equals("capacity") && r.level() == 200).toList();
        assertEquals(2, rows.size());
        LevelPoint p = b.at("virtual", "capacity", new LevelPoint.XKey(200, "measure", "clients"));
        assertEquals(2, p.repeats());
        assertEquals((rows.get(0).throughputRps() + rows.get(1).throughputRps()) / 2, p.throughputRps(), 1e-9);
        assertEquals(Math.min(rows.get(0).throughputRps(), rows.get(1).throughputRps()), p.throughputMin());
        assertEquals(rows.get(0).requests() + rows.get(1).requests(), p.requests());
        // every figure of the summary has its spread, not only throughput and p99
        assertEquals(Math.max(rows.get(0).serverCpuMsPer1kReq(), rows.get(1).serverCpuMsPer1kReq()),
                p.spreadOf("cpuMsPer1kReq").max());
        assertEquals(Math.min(rows.get(0).serverRssMbMean(), rows.get(1).serverRssMbMean()), p.spreadOf("rssMb").min());
        assertEquals(Math.max(rows.get(0).liveThreadsMax(), rows.get(1).liveThreadsMax()),
                p.spreadOf("liveThreads").max());
        assertNull(Fixtures.point("virtual", 200, 3900, 60).spreadOf("rssMb"), "one repeat has no spread");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        LevelRow r = RunData.read(Fixtures.source(Fixtures.RUN_A)).rows().get(0);
        List<LevelRow> three = List.of(withP99(r, 10.0), withP99(r, 30.0), withP99(r, 20.0));
        assertEquals(20.0, LevelPoint.median(three, LevelRow::p99Ms));
        assertEquals(15.0, LevelPoint.median(List.of(withP99(r, 20.0), withP99(r, 10.0)), LevelRow::p99Ms));
        assertNull(LevelPoint.median(List.of(withP99(r, null)), LevelRow::p99Ms));
    }

    @Test
    void aVerdictSaysWhenTheRepeatsDisagreeOnTheKnee() {
        RunData b = RunData.read(Fixtures.source(Fixtures.RUN_B));
        RunAnalysis same = new RunAnalysis(b, SloOptions.defaults());
        assertEquals(2, same.byRepeat.get("virtual").size());
        assertFalse(same.verdicts.get("virtual").contains("repeats disagree"), same.verdicts.get("virtual"));
        // repeat 2 misses the SLO at 800 clients: its knee is 200 clients, repeat 1's stays 800
        List<LevelRow> rows = b.rows().stream().map(r -> r.server().equals("virtual") && r.scenario().equals("capacity")
                && r.repeat() == 2 && r.level() == 800 ? withP99(r, 900.0) : r).toList();
        RunData changed = new RunData(b.dir(), b.runId(), b.status(), b.reason(), b.profile(), b.servers(), b.scenarios(),
                b.warnings(), b.gatlingReports(), b.environment(), rows, b.generatorLimitedRule(), b.repeats());
        String v = new RunAnalysis(changed, SloOptions.defaults()).verdicts.get("virtual");
        assertTrue(v.contains("The repeats disagree: repeat 1: knee 800 clients, breaks at 800 clients | repeat 2: "
                + "knee 200 clients, breaks at 800 clients."), v);
    }

    private static LevelRow withP99(LevelRow r, Double p99) {
        com.fasterxml.jackson.databind.node.ObjectNode n = LevelRows.JSON.valueToTree(r);
        n.put("p99Ms", p99);
        try {
            return LevelRows.JSON.treeToValue(n, LevelRow.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    // ---- numbers for humans ----

    @Test
    void numbersForHumans() {
        assertEquals("12,345", Numbers.count(12345));
        assertEquals("3,950 req/s", Numbers.rps(3950.4));
        assertEquals("4.2 ms", Numbers.ms(4.2));
        assertEquals("480 ms", Numbers.ms(480.0));
        assertEquals("9,822 ms", Numbers.ms(9822.0));
        assertEquals("0.35%", Numbers.pct(0.35));
        assertEquals("9.6%", Numbers.pct(9.55));
        assertEquals("57%", Numbers.pct(57.3));
        assertEquals("1.23\u00d7", Numbers.ratio(1.2345));
        assertEquals("–", Numbers.ms(null));
        assertEquals("0.987", Numbers.plain(0.98712));
    }
}
