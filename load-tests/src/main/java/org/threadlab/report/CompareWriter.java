package org.threadlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes the comparison of two runs as a report of its own: index.html (diff tables with B/A
 * ratios, charts with run A solid and run B dashed), summary.md with charts/*.png.
 */
final class CompareWriter {
    private final RunAnalysis a;
    private final RunAnalysis b;
    private final Path out;
    private final RunDiff diff;

    CompareWriter(RunAnalysis a, RunAnalysis b, Path out) {
        this.a = a;
        this.b = b;
        this.out = out;
        this.diff = RunDiff.of(a, b);
    }

    Path write() {
        try {
            Files.createDirectories(out);
            Map<String, List<LevelChart>> charts = new LinkedHashMap<>();
            for (String scenario : diff.scenarios()) {
                charts.put(scenario, charts(scenario));
            }
            for (List<LevelChart> list : charts.values()) {
                for (LevelChart c : list) {
                    c.png(out.resolve("charts").resolve(c.id + ".png"));
                }
            }
            ReportWriter.writeAtomically(out.resolve("summary.md"), markdown(charts));
            Path index = out.resolve("index.html");
            ReportWriter.writeAtomically(index, html(charts));
            return index;
        } catch (IOException e) {
            throw new ReportException("cannot write the comparison in " + out + ": "
                    + RunData.firstLine(e.getMessage()), e);
        }
    }

    private String nameA() {
        return "A " + a.run.runId();
    }

    private String nameB() {
        return "B " + b.run.runId();
    }

    // ---- charts ----

    List<LevelChart> charts(String scenario) {
        List<LevelPoint.XKey> axis = RunDiff.axis(a, b, scenario);
        Map<LevelPoint.XKey, List<String>> limited = new LinkedHashMap<>(a.generatorLimited(scenario));
        b.generatorLimited(scenario).forEach((x, who) -> limited.merge(x, who, (p, q) -> {
            List<String> all = new ArrayList<>(new LinkedHashSet<>(p));
            all.addAll(q);
            return all;
        }));
        String xLabel = a.axis(scenario).isEmpty() ? b.xAxisLabel(scenario) : a.xAxisLabel(scenario);
        List<LevelChart> charts = new ArrayList<>();
        List<LevelChart.Series> thr = overlay(scenario, axis, LevelPoint::throughputRps, "");
        for (RunAnalysis run : List.of(a, b)) {
            List<Double> workers = column(run, "blocking", scenario, axis, LevelPoint::workersBoundRps);
            Double w = workers.stream().filter(Objects::nonNull).findFirst().orElse(null);
            if (w != null) {
                thr.add(LevelChart.Series.bound("blocking bound " + (run == a ? "A" : "B") + ": workers / DB latency",
                        Palette.BLOCKING, axis.stream().map(x -> w).toList()));
            }
        }
        charts.add(chart(scenario, "throughput", "Throughput", "requests per second", false, axis, xLabel, limited, thr));
        charts.add(chart(scenario, "p99", "Latency p99", "milliseconds (log scale)", true, axis, xLabel, limited,
                withLine(overlay(scenario, axis, LevelPoint::p99Ms, ""), "SLO p99 \u2264 " + Numbers.ms(a.slo.p99Ms()),
                        a.slo.p99Ms(), axis)));
        charts.add(chart(scenario, "errors", "Errors per level", "% of requests failed", false, axis, xLabel, limited,
                withLine(overlay(scenario, axis, p -> p.requests() == 0 ? null : p.errorPct(), ""),
                        "SLO errors \u2264 " + Numbers.pct(a.slo.errorsPct()), a.slo.errorsPct(), axis)));
        charts.add(chart(scenario, "cpu-per-1k", "CPU per 1,000 requests", "CPU milliseconds", false, axis, xLabel,
                limited, overlay(scenario, axis, LevelPoint::cpuMsPer1kReq, "")));
        charts.add(chart(scenario, "rss", "Memory: RSS", "MB (mean over the window)", false, axis, xLabel, limited,
                overlay(scenario, axis, LevelPoint::rssMb, "")));
        charts.add(chart(scenario, "threads", "Live platform threads", "threads (max over the window)", false, axis,
                xLabel, limited, overlay(scenario, axis, LevelPoint::liveThreads, "")));
        return charts;
    }

    private static List<LevelChart.Series> withLine(List<LevelChart.Series> s, String name, double v,
                                                    List<LevelPoint.XKey> axis) {
        s.add(LevelChart.Series.bound(name, Palette.SLO, axis.stream().map(x -> v).toList()));
        return s;
    }

    private LevelChart chart(String scenario, String metric, String title, String yLabel, boolean log,
                             List<LevelPoint.XKey> axis, String xLabel, Map<LevelPoint.XKey, List<String>> limited,
                             List<LevelChart.Series> series) {
        return new LevelChart(scenario + "-" + metric, scenario + ": " + title + " (A solid, B dashed)", yLabel, log,
                axis, xLabel, limited, series);
    }

    private List<LevelChart.Series> overlay(String scenario, List<LevelPoint.XKey> axis,
                                            Function<LevelPoint, Double> f, String suffix) {
        List<LevelChart.Series> s = new ArrayList<>();
        for (String server : diff.servers()) {
            s.add(LevelChart.Series.of(server + " A" + suffix, server, LevelChart.Line.SOLID,
                    column(a, server, scenario, axis, f)));
            s.add(LevelChart.Series.of(server + " B" + suffix, server, LevelChart.Line.DASHED,
                    column(b, server, scenario, axis, f)));
        }
        return s;
    }

    private static List<Double> column(RunAnalysis run, String server, String scenario, List<LevelPoint.XKey> axis,
                                       Function<LevelPoint, Double> f) {
        List<Double> v = new ArrayList<>();
        for (LevelPoint.XKey x : axis) {
            LevelPoint p = run.at(server, scenario, x);
            v.add(p == null ? null : f.apply(p));
        }
        return v;
    }

    // ---- what differs between the runs ----

    /** Settings, JDK and JVM options that differ: name -> [A, B]. */
    Map<String, String[]> differences() {
        Map<String, String> fa = flatten(a.run.environment());
        Map<String, String> fb = flatten(b.run.environment());
        Map<String, String[]> d = new TreeMap<>();
        LinkedHashSet<String> keys = new LinkedHashSet<>(fa.keySet());
        keys.addAll(fb.keySet());
        for (String k : keys) {
            if (k.startsWith("startedAt") || k.startsWith("endedAt") || k.startsWith("settings.resultsDir")) {
                continue;
            }
            String va = fa.get(k);
            String vb = fb.get(k);
            if (!Objects.equals(va, vb)) {
                d.put(k, new String[]{va == null ? "–" : va, vb == null ? "–" : vb});
            }
        }
        if (!Objects.equals(a.run.profile(), b.run.profile())) {
            d.put("profile", new String[]{String.valueOf(a.run.profile()), String.valueOf(b.run.profile())});
        }
        return d;
    }

    private static Map<String, String> flatten(JsonNode env) {
        Map<String, String> m = new LinkedHashMap<>();
        if (env != null) {
            for (String section : List.of("jdk", "cpu", "settings", "git")) {
                env.path(section).properties().forEach(e -> m.put(section + "." + e.getKey(),
                        e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            }
            for (String list : List.of("serverJvmOptions", "gatlingJvmOptions")) {
                if (env.has(list)) {
                    m.put(list, env.get(list).toString());
                }
            }
        }
        return m;
    }

    // ---- index.html ----

    String html(Map<String, List<LevelChart>> charts) {
        StringBuilder h = new StringBuilder(Html.head("ThreadLab compare " + a.run.runId() + " vs " + b.run.runId()));
        h.append("<header>\n<h1>Run A vs run B: what changed, per server and load level</h1>\n<p class=\"meta\">A = <b>")
                .append(Html.esc(a.run.runId())).append("</b> (").append(Html.esc(describe(a))).append(") · B = <b>")
                .append(Html.esc(b.run.runId())).append("</b> (").append(Html.esc(describe(b)))
                .append(")</p>\n<p class=\"slo\">Ratios are B / A; <span class=\"better\">green</span> = B better, "
                        + "<span class=\"worse\">red</span> = B worse (by more than 5%). SLO for both: ")
                .append(Html.esc(a.slo.describe())).append(".</p>\n</header>\n");
        List<String> warnings = new ArrayList<>();
        a.warnings.forEach(w -> warnings.add("A: " + w));
        b.warnings.forEach(w -> warnings.add("B: " + w));
        if (!warnings.isEmpty()) {
            h.append("<div class=\"warnings\"><b>Warnings</b><ul>");
            warnings.forEach(w -> h.append("<li>").append(Html.esc(w)).append("</li>"));
            h.append("</ul></div>\n");
        }
        h.append("<h2>What differs between the runs</h2>\n");
        Map<String, String[]> d = differences();
        if (d.isEmpty()) {
            h.append("<p>No recorded setting differs (same JDK, JVM options and settings): differences are noise "
                    + "or changes in the code.</p>\n");
        } else {
            h.append("<table>\n<tr><th>Setting</th><th>A</th><th>B</th></tr>\n");
            d.forEach((k, v) -> h.append("<tr><td>").append(Html.esc(k)).append("</td><td><code>")
                    .append(Html.esc(v[0])).append("</code></td><td><code>").append(Html.esc(v[1]))
                    .append("</code></td></tr>\n"));
            h.append("</table>\n");
        }
        h.append("<h2>Summary: highest load meeting the SLO, A vs B</h2>\n<table class=\"summary\">\n<tr><th>Server</th>"
                + "<th>Scenario</th><th>A</th><th>B</th><th class=\"num\">Throughput there A</th>"
                + "<th class=\"num\">Throughput there B</th><th class=\"num\">B / A</th><th>Verdict A</th>"
                + "<th>Verdict B</th></tr>\n");
        for (String server : diff.servers()) {
            SloKnee ka = knee(a, server);
            SloKnee kb = knee(b, server);
            Double ta = ka == null || ka.point() == null ? null : ka.point().throughputRps();
            Double tb = kb == null || kb.point() == null ? null : kb.point().throughputRps();
            h.append("<tr><td>").append(Html.server(server)).append("</td><td>").append(Html.esc(a.headline))
                    .append("</td><td>").append(Html.esc(ka == null ? "not measured" : ka.label())).append("</td><td>")
                    .append(Html.esc(kb == null ? "not measured" : kb.label())).append("</td>")
                    .append(numCell(Numbers.rps(ta))).append(numCell(Numbers.rps(tb)))
                    .append(kneeMoved(ka, kb) == null ? ratioCell(kneeRatio(ka, kb), true)
                            : "<td><small>" + Html.esc(kneeMoved(ka, kb)) + "</small></td>")
                    .append("<td>").append(Html.esc(a.verdicts.getOrDefault(server, "not measured"))).append("</td><td>")
                    .append(Html.esc(b.verdicts.getOrDefault(server, "not measured"))).append("</td></tr>\n");
        }
        h.append("</table>\n<nav>Sections: ");
        diff.scenarios().forEach(s -> h.append("<a href=\"#scenario-").append(Html.esc(s)).append("\">")
                .append(Html.esc(s)).append("</a>"));
        h.append("</nav>\n");
        for (String scenario : diff.scenarios()) {
            h.append("<section id=\"scenario-").append(Html.esc(scenario)).append("\">\n<h2>Scenario: ")
                    .append(Html.esc(scenario)).append("</h2>\n");
            h.append(Html.key(diff.servers(), "run A solid, run B dashed"));
            h.append("<div class=\"grid\">\n");
            charts.get(scenario).forEach(c -> h.append(Html.figure(c)));
            h.append("</div>\n<h3>Diff table, ").append(Html.esc(scenario)).append("</h3>\n").append(table(scenario))
                    .append("</section>\n");
        }
        h.append("<h2>Sources</h2>\n<p>").append(link(a)).append(" · ").append(link(b))
                .append("</p>\n<p class=\"note\">Rebuild: <code>lab compare ").append(Html.esc(a.run.dir().toString()))
                .append(' ').append(Html.esc(b.run.dir().toString())).append("</code></p>\n</body>\n</html>\n");
        return h.toString();
    }

    private String link(RunAnalysis r) {
        Path index = r.run.dir().resolve("index.html");
        String label = (r == a ? "A " : "B ") + r.run.runId();
        if (!Files.isRegularFile(index)) {
            return Html.esc(label) + " (no report: <code>lab report " + Html.esc(r.run.dir().toString()) + "</code>)";
        }
        return "<a href=\"" + Html.esc(relative(index)) + "\">" + Html.esc(label) + " report</a>";
    }

    private String relative(Path target) {
        return out.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
    }

    private static String describe(RunAnalysis r) {
        List<String> parts = new ArrayList<>();
        if (r.run.jdkVersion() != null) {
            parts.add("JDK " + r.run.jdkVersion());
        }
        if (r.run.setting("workers") != null) {
            parts.add(r.run.setting("workers") + " workers");
        }
        if (r.run.setting("dbLatency") != null) {
            parts.add("DB " + r.run.setting("dbLatency"));
        }
        if ("postgres".equals(r.run.setting("db"))) {
            parts.add("PostgreSQL, pool " + r.run.setting("dbPoolSize"));
        }
        if (r.run.profile() != null) {
            parts.add(r.run.profile());
        }
        parts.add(r.run.status());
        return String.join(", ", parts);
    }

    /** B / A of the throughput at the knee, like with like: only when both knees are the same level. */
    static Double kneeRatio(SloKnee ka, SloKnee kb) {
        if (ka == null || kb == null || ka.point() == null || kb.point() == null
                || !ka.point().x().equals(kb.point().x())) {
            return null;
        }
        Double ta = ka.point().throughputRps();
        Double tb = kb.point().throughputRps();
        return ta == null || tb == null || ta == 0 ? null : tb / ta;
    }

    /**
     * Why the knees are not compared as a ratio: they are different levels, and where one run left
     * levels out as generator- or machine-limited, the move says more about the load generator than
     * about the server. Null when both knees are the same level (or either is missing).
     */
    static String kneeMoved(SloKnee ka, SloKnee kb) {
        if (ka == null || kb == null || ka.point() == null || kb.point() == null
                || ka.point().x().equals(kb.point().x())) {
            return null;
        }
        String moved = "knee moved " + ka.point().label() + " \u2192 " + kb.point().label();
        List<String> limited = new ArrayList<>();
        if (ka.excluded() > 0) {
            limited.add("A");
        }
        if (kb.excluded() > 0) {
            limited.add("B");
        }
        return limited.isEmpty() ? moved + ": no throughput ratio across levels"
                : moved + ", with levels of " + String.join(" and ", limited)
                + " left out as generator- or machine-limited: a change in the load generator, not in the server";
    }

    private static SloKnee knee(RunAnalysis r, String server) {
        Map<String, SloKnee> k = r.knees.get(server);
        return k == null ? null : k.get(r.headline);
    }

    String table(String scenario) {
        StringBuilder t = new StringBuilder("<table class=\"figures\">\n<tr><th>Server</th><th>Level</th>");
        for (RunDiff.Metric m : RunDiff.Metric.values()) {
            t.append("<th class=\"num\">").append(Html.esc(m.label)).append(" A</th><th class=\"num\">")
                    .append(Html.esc(m.label)).append(" B</th><th class=\"num\">B / A</th>");
        }
        t.append("</tr>\n");
        for (RunDiff.Row r : diff.rows(scenario)) {
            t.append(r.generatorLimited() ? "<tr class=\"limited\">" : "<tr>").append("<td>")
                    .append(Html.server(r.server())).append("</td><td>").append(Html.esc(r.x().label()))
                    .append(r.generatorLimited() ? " <small>(generator-limited)</small>" : "").append("</td>");
            for (RunDiff.Metric m : RunDiff.Metric.values()) {
                t.append(numCell(m.format(r.a(m)))).append(numCell(m.format(r.b(m))))
                        .append(ratioCell(r.ratio(m), m.higherIsBetter));
            }
            t.append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String numCell(String s) {
        return "<td class=\"num\">" + Html.esc(s) + "</td>";
    }

    private static String ratioCell(Double ratio, boolean higherIsBetter) {
        if (ratio == null) {
            return "<td class=\"num\">–</td>";
        }
        String cls = "";
        if (Math.abs(ratio - 1) > 0.05) {
            cls = (ratio > 1) == higherIsBetter ? " better" : " worse";
        }
        return "<td class=\"num" + cls + "\">" + Html.esc(Numbers.ratio(ratio)) + "</td>";
    }

    // ---- summary.md ----

    String markdown(Map<String, List<LevelChart>> charts) {
        StringBuilder m = new StringBuilder("# Run A vs run B\n\nA = `").append(a.run.runId()).append("` (")
                .append(describe(a)).append("), B = `").append(b.run.runId()).append("` (").append(describe(b))
                .append("). Ratios are B / A. SLO: ").append(a.slo.describe()).append(".\n\n");
        Map<String, String[]> d = differences();
        if (!d.isEmpty()) {
            m.append("| Setting | A | B |\n|---|---|---|\n");
            d.forEach((k, v) -> m.append("| ").append(ReportWriter.md(k)).append(" | `").append(ReportWriter.md(v[0]))
                    .append("` | `").append(ReportWriter.md(v[1])).append("` |\n"));
            m.append('\n');
        }
        m.append("| Server | Highest load meeting the SLO (").append(a.headline).append(") A | B | Throughput there A "
                + "| B | B / A |\n|---|---|---|--:|--:|--:|\n");
        for (String server : diff.servers()) {
            SloKnee ka = knee(a, server);
            SloKnee kb = knee(b, server);
            Double ta = ka == null || ka.point() == null ? null : ka.point().throughputRps();
            Double tb = kb == null || kb.point() == null ? null : kb.point().throughputRps();
            m.append("| **").append(server).append("** | ").append(ka == null ? "–" : ReportWriter.md(ka.label()))
                    .append(" | ").append(kb == null ? "–" : ReportWriter.md(kb.label())).append(" | ")
                    .append(Numbers.rps(ta)).append(" | ").append(Numbers.rps(tb)).append(" | ")
                    .append(kneeMoved(ka, kb) == null ? Numbers.ratio(kneeRatio(ka, kb))
                            : ReportWriter.md(kneeMoved(ka, kb))).append(" |\n");
        }
        for (Map.Entry<String, List<LevelChart>> e : charts.entrySet()) {
            m.append("\n## ").append(e.getKey()).append("\n\n");
            for (LevelChart c : e.getValue()) {
                String png = "charts/" + c.id + ".png";
                if (Files.isRegularFile(out.resolve(png))) {
                    m.append("![").append(ReportWriter.md(c.title)).append("](").append(png).append(")\n");
                }
            }
            m.append("\n| Server | Level | Throughput B / A | p50 B / A | p99 B / A | CPU / 1k req B / A | RSS B / A |\n"
                    + "|---|---|--:|--:|--:|--:|--:|\n");
            for (RunDiff.Row r : diff.rows(e.getKey())) {
                m.append("| ").append(r.server()).append(" | ").append(ReportWriter.md(r.x().label()))
                        .append(r.generatorLimited() ? " (generator-limited)" : "");
                for (RunDiff.Metric metric : RunDiff.Metric.values()) {
                    m.append(" | ").append(Numbers.ratio(r.ratio(metric)));
                }
                m.append(" |\n");
            }
        }
        m.append("\n---\n[Full comparison](index.html)\n");
        return m.toString();
    }
}
