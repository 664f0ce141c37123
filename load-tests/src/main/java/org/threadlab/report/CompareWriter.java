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
            h.append(settingsTable(d).html("settings"));
        }
        h.append("<h2>Summary: highest load meeting the SLO, A vs B</h2>\n").append(summaryTable().html("summary"));
        h.append("<nav>Sections: ");
        diff.scenarios().forEach(s -> h.append("<a href=\"#scenario-").append(Html.esc(s)).append("\">")
                .append(Html.esc(s)).append("</a>"));
        h.append("</nav>\n");
        for (String scenario : diff.scenarios()) {
            h.append("<section id=\"scenario-").append(Html.esc(scenario)).append("\">\n<h2>Scenario: ")
                    .append(Html.esc(scenario)).append("</h2>\n");
            h.append(Html.key(diff.servers(), "run A solid, run B dashed"));
            h.append("<div class=\"grid\">\n");
            charts.get(scenario).forEach(c -> h.append(Html.figure(c)));
            h.append("</div>\n<h3>Diff table, ").append(Html.esc(scenario)).append("</h3>\n").append(diffTable(scenario).html("figures"))
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

    /** The settings that differ between the runs: name, A, B. */
    private static Table<Map.Entry<String, String[]>> settingsTable(Map<String, String[]> d) {
        return new Table<>(List.copyOf(d.entrySet()))
                .text("Setting", Map.Entry::getKey)
                .text("A", e -> e.getValue()[0]).cellHtml(e -> "<code>" + Html.esc(e.getValue()[0]) + "</code>")
                .text("B", e -> e.getValue()[1]).cellHtml(e -> "<code>" + Html.esc(e.getValue()[1]) + "</code>");
    }

    /** One server of the headline scenario in both runs. */
    private record Knees(String server, SloKnee a, SloKnee b) {
        Double throughputA() {
            return a == null || a.point() == null ? null : a.point().throughputRps();
        }

        Double throughputB() {
            return b == null || b.point() == null ? null : b.point().throughputRps();
        }
    }

    private Table<Knees> summaryTable() {
        List<Knees> rows = diff.servers().stream().map(s -> new Knees(s, knee(a, s), knee(b, s))).toList();
        return new Table<>(rows)
                .text("Server", Knees::server).cellHtml(k -> Html.server(k.server())).strong()
                .text("Scenario", k -> a.headline)
                .text("A", k -> k.a() == null ? "not measured" : k.a().label())
                .text("B", k -> k.b() == null ? "not measured" : k.b().label())
                .value("Throughput there A", Knees::throughputA, k -> Numbers.rps(k.throughputA()))
                .value("Throughput there B", Knees::throughputB, k -> Numbers.rps(k.throughputB()))
                .value("B / A", k -> kneeRatio(k.a(), k.b()), k -> kneeMoved(k.a(), k.b()) != null
                        ? kneeMoved(k.a(), k.b()) : Numbers.ratio(kneeRatio(k.a(), k.b())))
                .cellClass(k -> kneeMoved(k.a(), k.b()) != null ? "moved" : ratioClass(kneeRatio(k.a(), k.b()), true))
                .text("Verdict A", k -> a.verdicts.getOrDefault(k.server(), "not measured"))
                .text("Verdict B", k -> b.verdicts.getOrDefault(k.server(), "not measured"));
    }

    /** Every level both runs measured: each metric in A, in B, and B / A coloured by whether B is better. */
    private Table<RunDiff.Row> diffTable(String scenario) {
        Table<RunDiff.Row> t = new Table<>(diff.rows(scenario))
                .rowClass(r -> r.generatorLimited() ? "limited" : null)
                .text("Server", RunDiff.Row::server).cellHtml(r -> Html.server(r.server()))
                .text("Level", r -> r.x().label() + (r.generatorLimited() ? " (generator-limited)" : ""))
                .cellHtml(r -> Html.esc(r.x().label()) + (r.generatorLimited() ? " <small>(generator-limited)</small>" : ""));
        for (RunDiff.Metric m : RunDiff.Metric.values()) {
            t.value(m.label + " A", r -> r.a(m), r -> m.format(r.a(m)))
                    .value(m.label + " B", r -> r.b(m), r -> m.format(r.b(m)))
                    .value("B / A", r -> r.ratio(m), r -> r.ratio(m) == null ? "–" : Numbers.ratio(r.ratio(m)))
                    .cellClass(r -> ratioClass(r.ratio(m), m.higherIsBetter));
        }
        return t;
    }

    /** "better" or "worse" when B differs from A by more than 5%, else null. */
    private static String ratioClass(Double ratio, boolean higherIsBetter) {
        if (ratio == null || Math.abs(ratio - 1) <= 0.05) {
            return null;
        }
        return (ratio > 1) == higherIsBetter ? "better" : "worse";
    }

    // ---- summary.md ----

    String markdown(Map<String, List<LevelChart>> charts) {
        StringBuilder m = new StringBuilder("# Run A vs run B\n\nA = `").append(a.run.runId()).append("` (")
                .append(describe(a)).append("), B = `").append(b.run.runId()).append("` (").append(describe(b))
                .append("). Ratios are B / A. SLO: ").append(a.slo.describe()).append(".\n\n");
        Map<String, String[]> d = differences();
        if (!d.isEmpty()) {
            m.append(settingsTable(d).markdown()).append('\n');
        }
        m.append(summaryTable().markdown());
        for (Map.Entry<String, List<LevelChart>> e : charts.entrySet()) {
            m.append("\n## ").append(e.getKey()).append("\n\n");
            for (LevelChart c : e.getValue()) {
                String png = "charts/" + c.id + ".png";
                if (Files.isRegularFile(out.resolve(png))) {
                    m.append("![").append(Markdown.esc(c.title)).append("](").append(png).append(")\n");
                }
            }
            m.append('\n').append(diffTable(e.getKey()).markdown());
        }
        m.append("\n---\n[Full comparison](index.html)\n");
        return m.toString();
    }
}
