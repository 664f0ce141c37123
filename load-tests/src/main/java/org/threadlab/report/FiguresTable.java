package org.threadlab.report;

import java.util.ArrayList;
import java.util.List;

/** Every figure of a scenario, one row per server and level: the table under each scenario's charts. */
final class FiguresTable {
    private FiguresTable() {
    }

    static String html(RunAnalysis a, String scenario) {
        List<LevelPoint> rows = new ArrayList<>();
        a.servers.forEach(server -> rows.addAll(a.points(server, scenario)));
        Table<LevelPoint> t = new Table<>(rows)
                .rowClass(p -> p.generatorLimited() ? "limited" : null)
                .text("Server", LevelPoint::server).cellHtml(p -> Html.server(p.server()))
                .text("Level", LevelPoint::label)
                .value("Throughput", LevelPoint::throughputRps, p -> Numbers.rps(p.throughputRps())
                        + Numbers.spread(p.throughputMin(), p.throughputMax(), p.repeats()))
                .value("of bound", Bounds::fraction, p -> Bounds.fraction(p) == null ? "–" : Numbers.pct(100 * Bounds.fraction(p)))
                .value("p50", LevelPoint::p50Ms, p -> Numbers.ms(p.p50Ms()))
                .value("p99", LevelPoint::p99Ms, p -> Numbers.ms(p.p99Ms())
                        + Numbers.spread(p.p99Min(), p.p99Max(), p.repeats()))
                .value("Errors", LevelPoint::ko, p -> Numbers.count(p.ko()) + " (" + Numbers.pct(p.errorPct()) + ")")
                .text("Failures by cause", p -> Causes.describe(p.koByCause()))
                .value("CPU", LevelPoint::serverCpuPct, p -> Numbers.pct(p.serverCpuPct()))
                .value("CPU / 1k req", LevelPoint::cpuMsPer1kReq, p -> Numbers.ms(p.cpuMsPer1kReq()))
                .value("Ctx switches / 1k req", LevelPoint::contextSwitchesPer1kReq, p -> p.contextSwitchesPer1kReq() == null
                        ? "–" : Numbers.count(p.contextSwitchesPer1kReq()))
                .value("RSS", LevelPoint::rssMb, p -> Numbers.mb(p.rssMb()))
                .value("Heap", LevelPoint::heapMb, p -> Numbers.mb(p.heapMb()))
                .value("GC", LevelPoint::gcTimeMs, p -> p.gcTimeMs() == null ? "–"
                        : Numbers.count(p.gcCount() == null ? 0 : p.gcCount()) + " / " + Numbers.ms(p.gcTimeMs()))
                .value("Threads", LevelPoint::liveThreads, p -> p.liveThreads() == null ? "–" : Numbers.count(p.liveThreads()))
                .value("Gatling CPU", LevelPoint::generatorCpuPct, p -> Numbers.pct(p.generatorCpuPct()));
        if (database(a)) {
            t.value("DB CPU", LevelPoint::dbCpuPct, p -> Numbers.pct(p.dbCpuPct()))
                    .value("DB RSS", LevelPoint::dbRssMb, p -> Numbers.mb(p.dbRssMb()))
                    .value("Pool waits", LevelPoint::dbPoolWaits, p -> p.dbPoolWaits() == null ? "–" : Numbers.count(p.dbPoolWaits()));
        }
        if (pinning(a)) {
            t.value("Pinned", LevelPoint::pinnedEvents, p -> p.pinnedEvents() == null ? "–" : Numbers.count(p.pinnedEvents())
                            + (p.pinnedTopStack() == null ? "" : " *"))
                    .cellHtml(p -> p.pinnedTopStack() == null ? Html.esc(p.pinnedEvents() == null ? "–" : Numbers.count(p.pinnedEvents()))
                            : "<span title=\"" + Html.esc(p.pinnedTopStack()) + "\">" + Html.esc(Numbers.count(p.pinnedEvents()))
                            + " *</span>");
        }
        t.text("Note", p -> p.generatorLimited() ? "generator-limited: " + String.join("; ", p.generatorLimitedReasons()) : "");
        return t.html("figures");
    }

    /**
     * Whether the figures show the database's own columns: a run on PostgreSQL (its CPU and memory)
     * or one whose queries waited for the pool.
     */
    private static boolean database(RunAnalysis a) {
        return a.points.stream().anyMatch(p -> p.dbCpuPct() != null || (p.dbPoolWaits() != null && p.dbPoolWaits() > 0));
    }

    /** Whether any level recorded pinned virtual threads (JFR), even none: the column says it was looked for. */
    private static boolean pinning(RunAnalysis a) {
        return a.points.stream().anyMatch(p -> p.pinnedEvents() != null);
    }
}
