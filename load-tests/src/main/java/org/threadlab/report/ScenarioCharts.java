package org.threadlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The charts of one scenario of a run: the three servers on the same axes, load level on x. */
final class ScenarioCharts {
    private ScenarioCharts() {
    }

    static List<LevelChart> of(RunAnalysis a, String scenario) {
        List<LevelPoint.XKey> axis = a.axis(scenario);
        String xLabel = a.xAxisLabel(scenario);
        var limited = a.generatorLimited(scenario);
        List<LevelChart> charts = new ArrayList<>();

        List<LevelChart.Series> thr = new ArrayList<>(perServer(a, scenario, axis, LevelPoint::throughputRps, ""));
        thr.add(LevelChart.Series.bound("Little's law: clients / DB latency", Palette.BOUND,
                any(a, scenario, axis, LevelPoint::littleBoundRps)));
        List<LevelPoint> pts = a.points(scenario);
        if (pts.stream().noneMatch(LevelPoint::closed)) {
            thr.add(LevelChart.Series.bound("offered rate", Palette.BOUND,
                    axis.stream().map(x -> (Double) x.level()).toList()));
        }
        for (String server : a.servers) {
            List<Double> workers = column(a, server, scenario, axis, LevelPoint::workersBoundRps);
            if (workers.stream().anyMatch(Objects::nonNull)) {
                Integer n = a.points(server, scenario).stream().map(p -> Bounds.workers(p, a.run.setting("workers")))
                        .filter(Objects::nonNull).findFirst().orElse(null);
                thr.add(LevelChart.Series.bound(server + " bound: " + (n == null ? "" : Numbers.count(n) + " ")
                        + "workers / DB latency", Palette.of(server), fill(workers)));
            }
        }
        thr.add(LevelChart.Series.bound("DB pool / DB latency", Palette.SLO,
                any(a, scenario, axis, LevelPoint::dbPoolBoundRps)));
        LevelChart throughput = chart(scenario, "throughput", "Throughput", "requests per second", false, axis, xLabel,
                limited, thr);
        throughput.yMax = cap(throughput);
        charts.add(throughput);

        List<LevelChart.Series> lat = new ArrayList<>();
        for (String server : a.servers) {
            lat.add(LevelChart.Series.of(server + " p99", server, LevelChart.Line.SOLID,
                    column(a, server, scenario, axis, LevelPoint::p99Ms)));
            lat.add(LevelChart.Series.of(server + " p50", server, LevelChart.Line.DASHED,
                    column(a, server, scenario, axis, LevelPoint::p50Ms)));
        }
        lat.add(LevelChart.Series.bound("SLO p99 \u2264 " + Numbers.ms(a.slo.p99Ms()), Palette.SLO,
                axis.stream().map(x -> a.slo.p99Ms()).toList()));
        charts.add(chart(scenario, "latency", "Latency p99 (solid) and p50 (dashed)", "milliseconds (log scale)",
                true, axis, xLabel, limited, lat));

        List<LevelChart.Series> err = new ArrayList<>(perServer(a, scenario, axis, p -> p.requests() == 0 ? null
                : p.errorPct(), ""));
        err.add(LevelChart.Series.bound("SLO errors \u2264 " + Numbers.pct(a.slo.errorsPct()), Palette.SLO,
                axis.stream().map(x -> a.slo.errorsPct()).toList()));
        charts.add(chart(scenario, "errors", "Errors per level", "% of requests failed", false, axis, xLabel, limited,
                err));

        charts.add(chart(scenario, "cpu", "Server CPU", "% of one core", false, axis, xLabel, limited,
                perServer(a, scenario, axis, LevelPoint::serverCpuPct, "")));
        charts.add(chart(scenario, "cpu-per-1k", "CPU per 1,000 requests", "CPU milliseconds", false, axis, xLabel,
                limited, perServer(a, scenario, axis, LevelPoint::cpuMsPer1kReq, "")));

        List<LevelChart.Series> mem = new ArrayList<>();
        for (String server : a.servers) {
            mem.add(LevelChart.Series.of(server + " RSS", server, LevelChart.Line.SOLID,
                    column(a, server, scenario, axis, LevelPoint::rssMb)));
            mem.add(LevelChart.Series.of(server + " heap used", server, LevelChart.Line.DASHED,
                    column(a, server, scenario, axis, LevelPoint::heapMb)));
        }
        charts.add(chart(scenario, "memory", "Memory: RSS (solid) and heap used (dashed)", "MB (mean over the window)",
                false, axis, xLabel, limited, mem));

        charts.add(chart(scenario, "threads", "Live platform threads", "threads (max over the window)", false, axis,
                xLabel, limited, perServer(a, scenario, axis, LevelPoint::liveThreads, "")));
        return charts;
    }

    private static LevelChart chart(String scenario, String metric, String title, String yLabel, boolean log,
                                    List<LevelPoint.XKey> axis, String xLabel,
                                    java.util.Map<LevelPoint.XKey, List<String>> limited,
                                    List<LevelChart.Series> series) {
        return new LevelChart(scenario + "-" + metric, scenario + ": " + title, yLabel, log, axis, xLabel, limited,
                series);
    }

    /**
     * Room for every server and its constant bounds; a Little's-law line far above them leaves the
     * frame rather than squash the servers into the bottom of the chart. Null: no cap needed.
     */
    static Double cap(LevelChart c) {
        double servers = 0;
        double all = 0;
        for (LevelChart.Series s : c.series) {
            for (Double v : s.y()) {
                if (v == null) {
                    continue;
                }
                all = Math.max(all, v);
                boolean constant = s.y().stream().filter(Objects::nonNull).distinct().count() == 1;
                if (s.server() != null || constant) {
                    servers = Math.max(servers, v);
                }
            }
        }
        return all > servers * 1.6 && servers > 0 ? servers * 1.35 : null;
    }

    static List<LevelChart.Series> perServer(RunAnalysis a, String scenario, List<LevelPoint.XKey> axis,
                                             Function<LevelPoint, Double> f, String suffix) {
        List<LevelChart.Series> out = new ArrayList<>();
        for (String server : a.servers) {
            out.add(LevelChart.Series.of(server + suffix, server, LevelChart.Line.SOLID,
                    column(a, server, scenario, axis, f)));
        }
        return out;
    }

    static List<Double> column(RunAnalysis a, String server, String scenario, List<LevelPoint.XKey> axis,
                               Function<LevelPoint, Double> f) {
        List<Double> out = new ArrayList<>();
        for (LevelPoint.XKey x : axis) {
            LevelPoint p = a.at(server, scenario, x);
            out.add(p == null ? null : f.apply(p));
        }
        return out;
    }

    /** A figure that is the same for every server at a level (a bound): the first server that has it. */
    private static List<Double> any(RunAnalysis a, String scenario, List<LevelPoint.XKey> axis,
                                    Function<LevelPoint, Double> f) {
        List<Double> out = new ArrayList<>();
        for (LevelPoint.XKey x : axis) {
            out.add(a.points(scenario).stream().filter(p -> p.x().equals(x)).map(f).filter(Objects::nonNull)
                    .findFirst().orElse(null));
        }
        return out;
    }

    /** A constant bound measured at some levels only, drawn across the whole axis. */
    private static List<Double> fill(List<Double> values) {
        Double v = values.stream().filter(Objects::nonNull).findFirst().orElse(null);
        return values.stream().map(x -> x == null ? v : x).toList();
    }
}
