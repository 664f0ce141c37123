package org.threadlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.threadlab.load.C10kSimulation;

/**
 * What 10,000 clients in flight cost each server, side by side from the c10k scenario's measured
 * level: throughput and p99, platform threads, RSS and heap, CPU per request and context switches
 * per 1,000 requests. Built once, rendered per format.
 */
final class C10kTable {
    private final Table<LevelPoint> table;

    private C10kTable(Table<LevelPoint> table) {
        this.table = table;
    }

    /** The table of a run's c10k scenario at its highest measured level, or null when it did not run. */
    static C10kTable of(RunAnalysis a) {
        if (!a.scenarios.contains(C10kSimulation.NAME)) {
            return null;
        }
        List<LevelPoint> rows = new ArrayList<>();
        for (String server : a.servers) {
            a.points(server, C10kSimulation.NAME).stream().filter(p -> LevelRow.MEASURE.equals(p.step()))
                    .max(java.util.Comparator.comparingDouble(LevelPoint::level)).ifPresent(rows::add);
        }
        if (rows.isEmpty()) {
            return null;
        }
        return new C10kTable(new Table<>(rows)
                .text("Server", LevelPoint::server).key("server").cellHtml(p -> Html.server(p.server()))
                .value("Clients", LevelPoint::level, p -> Numbers.count(p.level())).key("clients")
                .value("req/s", LevelPoint::throughputRps, p -> Numbers.rps(p.throughputRps())).key("throughputRps")
                .value("of the bound", Bounds::fraction, p -> Numbers.plain(Bounds.fraction(p))).key("fractionOfBound")
                .value("p99", LevelPoint::p99Ms, p -> Numbers.ms(p.p99Ms())).key("p99Ms")
                .value("Platform threads", LevelPoint::liveThreads,
                        p -> p.liveThreads() == null ? "–" : Numbers.count(p.liveThreads())).key("platformThreads")
                .value("RSS", LevelPoint::rssMb, p -> Numbers.mb(p.rssMb())).key("rssMb")
                .value("Heap", LevelPoint::heapMb, p -> Numbers.mb(p.heapMb())).key("heapMb")
                .value("CPU per request", LevelPoint::cpuMsPer1kReq,
                        p -> p.cpuMsPer1kReq() == null ? "–" : Numbers.number(p.cpuMsPer1kReq()) + " µs")
                .key("cpuUsPerRequest")
                .value("Context switches per 1,000", LevelPoint::contextSwitchesPer1kReq,
                        p -> p.contextSwitchesPer1kReq() == null ? "–" : Numbers.count(p.contextSwitchesPer1kReq()))
                .key("contextSwitchesPer1kReq")
                .value("Limited by", LevelPoint::limitedBy, p -> p.limitedBy() == null ? "–" : p.limitedBy())
                .key("limitedBy"));
    }

    String html() {
        return "<h3>What 10,000 clients cost</h3>\n" + table.html("c10k");
    }

    String markdown() {
        return "**What " + Numbers.count(table.rows().get(0).level()) + " clients cost** (database latency "
                + C10kSimulation.DB_LATENCY + ")\n\n" + table.markdown() + '\n';
    }

    List<Map<String, Object>> json() {
        return table.json();
    }
}
