package org.threadlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.threadlab.load.StallSimulation;

/**
 * Writes a run's report beside its raw data: index.html (one self-contained page, charts as
 * inline SVG), summary.md with charts/*.png, summary.json and summary.csv.
 */
final class ReportWriter {
    static final Map<String, String> SCENARIO_NOTES = Map.of(
            "capacity", "Closed model: N clients, each looping on a keep-alive connection. Shows capacity: the "
                    + "dotted Little's-law line is the most any server can do with N clients and this database latency.",
            "latency", "Open model: requests arrive at the offered rate whatever the server does, so latency is "
                    + "measured honestly (no coordinated omission). A server keeping up follows the offered-rate line.",
            "mixed", "Closed model with a mix of requests, some with more than one database query on the critical "
                    + "path (the Little's-law line accounts for it).",
            "spike", "Open model: a base rate, a burst well above the blocking server's bound, then recovery at the "
                    + "base rate.",
            "faults", "Open model at half the blocking server's bound: a base window, then the database fails a share "
                    + "of its queries (503 database-unavailable; switched at run time with --admin-faults), then it "
                    + "stops failing. The errors chart shows each model's error rate under faults and whether "
                    + "recovery is clean.",
            "stall", "Open model: item reads at a quarter of the blocking server's bound, first alone (base), then "
                    + "beside a few CPU-heavy requests (stall: GET /api/cpu at 100,000 SHA-256 rounds; their own "
                    + "figures are the heavy step). The reads' p99 in stall against base is what a request that "
                    + "holds its thread costs everyone else: every connection of a busy event loop waits, a thread "
                    + "per request leaves the sharing to the scheduler.",
            "restart", "Open model of order writes, each read back (runs on the embedded PostgreSQL only): a base "
                    + "window, then the lab stops PostgreSQL as a crash would for the outage window and starts it "
                    + "again, then recovery. The errors chart shows what the clients saw while it was down; the "
                    + "Database restart section how soon each server served again and whether any acknowledged "
                    + "order was lost.",
            "c10k", "Closed model: 10,000 clients, each on its own keep-alive connection, while the database answers "
                    + "in " + org.threadlab.load.C10kSimulation.DB_LATENCY + " (set for this scenario through "
                    + "--admin-faults), so the bound is 10,000 req/s: what it costs each model to hold 10,000 "
                    + "requests in flight. blocking@10000 is the blocking model with as many platform threads as "
                    + "clients.");

    private final RunAnalysis a;
    private final Path dir;
    /** The claims section, judged once and rendered per format. */
    private final List<Claims.Claim> claims;
    /** The model × engine section, or null for a run with one engine per model. */
    private final EngineMatrix engines;
    /** The c10k scenario's side-by-side table, or null when it did not run. */
    private final C10kTable c10k;

    ReportWriter(RunAnalysis analysis) {
        this.a = analysis;
        this.dir = analysis.run.dir();
        this.claims = Claims.of(analysis);
        this.engines = EngineMatrix.of(analysis);
        this.c10k = C10kTable.of(analysis);
    }

    /** Writes every file; returns index.html. */
    Path write() {
        try {
            Map<String, List<LevelChart>> charts = new LinkedHashMap<>();
            for (String scenario : a.scenarios) {
                charts.put(scenario, ScenarioCharts.of(a, scenario));
            }
            Path chartDir = dir.resolve("charts");
            for (List<LevelChart> list : charts.values()) {
                for (LevelChart c : list) {
                    c.png(chartDir.resolve(c.id + ".png"));
                }
            }
            writeAtomically(dir.resolve("summary.json"), summaryJson());
            writeAtomically(dir.resolve("summary.csv"), summaryCsv());
            writeAtomically(dir.resolve("summary.md"), markdown(charts));
            Path index = dir.resolve("index.html");
            writeAtomically(index, html(charts));
            return index;
        } catch (IOException e) {
            throw new ReportException("cannot write the report in " + dir + ": " + RunData.firstLine(e.getMessage()), e);
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    // ---- the summary, shared by every output ----

    /** The figures of a server at its SLO knee in the headline scenario. */
    record Row(String server, String scenario, SloKnee knee, Breakdown breakdown, String verdict) {
        LevelPoint at() {
            return knee == null ? null : knee.point();
        }
    }

    List<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (String server : a.servers) {
            out.add(new Row(server, a.headline, a.knees.get(server).get(a.headline),
                    a.breakdowns.get(server).get(a.headline), a.verdicts.get(server)));
        }
        return out;
    }

    static final String FIGURES_NOTE = "req/s per core = throughput there divided by the CPU the server may use "
            + "(its CPU budget, else its CPU set). Memory per 1,000 in flight = the growth of RSS / used heap from the "
            + "lowest level to there, per 1,000 more clients. CPU per 1,000 requests is server process CPU time; "
            + "memory there is the mean over the measured window. Breaks at = the first counted level that misses "
            + "the SLO or whose throughput falls below " + Math.round(BreakPoint.FOLLOWS * 100)
            + "% of its bound while its CPU, workers or database pool is the named limit, with that limit. "
            + "With repeats, each figure is the median and (lowest–highest) its spread; memory per 1,000 in flight "
            + "is computed from the medians, so it has none.";

    /** "800 clients: server-cpu", or "did not break". */
    String breaksAt(Row r) {
        BreakPoint b = a.breaks.get(r.server()).get(r.scenario());
        if (b == null) {
            return "did not break";
        }
        return b.at().label() + ": " + (b.limitedBy() == null ? "not recorded" : b.limitedBy());
    }

    static String perCore(LevelPoint p) {
        Double v = p.rpsPerCore();
        return v == null ? "–" : Numbers.rps(v);
    }

    String perInFlight(Row r) {
        LevelPoint p = r.at();
        PerInFlight m = p == null ? null : PerInFlight.of(a.points(r.server(), r.scenario()), p);
        if (m == null || m.rssMb() == null) {
            return "–";
        }
        return Numbers.mb(m.rssMb()) + " RSS / " + (m.heapMb() == null ? "–" : Numbers.mb(m.heapMb())) + " heap";
    }

    static String memory(LevelPoint p) {
        if (p == null) {
            return "–";
        }
        return Numbers.mb(p.rssMb()) + spread(p, "rssMb") + " RSS / " + Numbers.mb(p.heapMb()) + " heap";
    }

    /** "Claims, tested": the usual sync-versus-async table against this run's data (see {@link Claims}). */
    String claimsHtml() {
        StringBuilder h = new StringBuilder("<section id=\"claims\">\n<h2>The usual claims about sync and async, tested"
                + "</h2>\n<p class=\"note\">Each row: the claim as comparison tables put it, what this run measured "
                + "per server, and a verdict computed from those figures (holds, does not hold, depends, or not "
                + "measured).</p>\n<table class=\"claims\">\n<tr><th>Criterion</th><th>Claim</th>");
        Claims.columns(a).forEach(s -> h.append("<th>").append(Html.server(s)).append("</th>"));
        h.append("<th>Verdict</th><th>Basis</th></tr>\n");
        for (Claims.Claim c : claims) {
            h.append("<tr><td>").append(c.chart() == null ? Html.esc(c.criterion())
                    : "<a href=\"" + Html.esc(c.chart()) + "\">" + Html.esc(c.criterion()) + "</a>").append("</td><td>")
                    .append(Html.esc(c.claim())).append("</td>");
            Claims.columns(a).forEach(s -> h.append("<td>").append(Html.esc(c.evidence().getOrDefault(s, "–"))).append("</td>"));
            h.append("<td><b>").append(Html.esc(c.verdict())).append("</b></td><td>").append(Html.esc(c.basis()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        FaultTraces traces = FaultTraces.read(a.run.dir());
        if (!traces.byServer().isEmpty()) {
            h.append("<div id=\"fault-traces\" class=\"grid\">\n");
            traces.byServer().forEach((server, t) -> h.append("<details><summary>").append(Html.server(server))
                    .append(": the first failed query's stack, ").append(t.depth()).append(" frames on ")
                    .append(Html.esc(t.virtual() ? "a virtual thread" : "thread " + t.thread()))
                    .append("</summary><pre>").append(Html.esc(String.join("\n", t.frames()))).append("</pre></details>\n"));
            h.append("</div>\n");
        }
        return h.append("</section>\n").toString();
    }

    String claimsMarkdown() {
        StringBuilder m = new StringBuilder("\n**The usual claims about sync and async, tested**\n\n| Criterion | Claim | ");
        Claims.columns(a).forEach(s -> m.append(md(s)).append(" | "));
        m.append("Verdict | Basis |\n|---|---|");
        Claims.columns(a).forEach(s -> m.append("---|"));
        m.append("---|---|\n");
        for (Claims.Claim c : claims) {
            m.append("| ").append(md(c.criterion())).append(" | ").append(md(c.claim())).append(" | ");
            Claims.columns(a).forEach(s -> m.append(md(c.evidence().getOrDefault(s, "–"))).append(" | "));
            m.append("**").append(md(c.verdict())).append("** | ").append(md(c.basis())).append(" |\n");
        }
        return m.toString();
    }

    /** The stall scenario's sentence of every server that ran it, as a list in the given markup ("" if none). */
    String stallList(java.util.function.Function<String, String> item, String open, String close) {
        List<String> lines = a.servers.stream().map(server -> Stall.of(server, a.points(server, StallSimulation.NAME)))
                .filter(java.util.Objects::nonNull).map(Stall::sentence).toList();
        if (lines.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(open);
        lines.forEach(l -> b.append(item.apply(l)));
        return b.append(close).toString();
    }

    /** Lowest and highest over the repeats of every figure at the knee that has a spread. */
    private static Map<String, List<Double>> spreads(LevelPoint p) {
        Map<String, List<Double>> m = new java.util.LinkedHashMap<>();
        m.put("throughputRps", java.util.Arrays.asList(p.throughputMin(), p.throughputMax()));
        m.put("p99Ms", java.util.Arrays.asList(p.p99Min(), p.p99Max()));
        for (String f : java.util.stream.Stream.concat(java.util.stream.Stream.of("rpsPerCore"),
                LevelPoint.SPREAD_FIGURES.stream()).toList()) {
            LevelPoint.Spread s = p.spreadOf(f);
            m.put(f, s == null ? null : java.util.Arrays.asList(s.min(), s.max()));
        }
        return m;
    }

    /** " (lowest–highest)" of a figure over the repeats, or "" for one repeat. */
    private static String spread(LevelPoint p, String figure) {
        LevelPoint.Spread s = p.spreadOf(figure);
        return s == null ? "" : spread(s.min(), s.max(), p.repeats(), false);
    }

    private String title() {
        return "ThreadLab run " + a.run.runId() + ": " + String.join(" vs ", a.servers);
    }

    // ---- index.html ----

    String html(Map<String, List<LevelChart>> charts) {
        StringBuilder h = new StringBuilder(Html.head(title()));
        RunData run = a.run;
        h.append("<header>\n<h1>").append(Html.esc(String.join(" vs ", a.servers)))
                .append(": which model, at what load, at what cost</h1>\n<p class=\"meta\">ThreadLab run <b>")
                .append(Html.esc(run.runId())).append("</b>").append(meta()).append("</p>\n");
        h.append("<p class=\"slo\"><b>SLO</b>: ").append(Html.esc(a.slo.describe()))
                .append(isDefault() ? " (the defaults)" : "")
                .append(". Change it with <code>lab report --slo-p99 MS --slo-errors PCT</code>. Generator-limited levels "
                        + "count neither way.</p>\n</header>\n");
        if (!a.warnings.isEmpty()) {
            h.append("<div class=\"warnings\"><b>").append(a.warnings.size())
                    .append(a.warnings.size() == 1 ? " warning" : " warnings")
                    .append("</b> (details in <a href=\"#warnings\">Warnings</a>)<ul>");
            a.warnings.stream().limit(4).forEach(w -> h.append("<li>").append(Html.esc(w)).append("</li>"));
            if (a.warnings.size() > 4) {
                h.append("<li>… and ").append(a.warnings.size() - 4).append(" more</li>");
            }
            h.append("</ul></div>\n");
        }
        h.append("<section id=\"summary\">\n<h2>Summary: the highest load that meets the SLO in ")
                .append(Html.esc(a.headline)).append(", and its cost</h2>\n");
        h.append("<table class=\"summary\">\n<tr><th>Server</th><th>Highest load meeting the SLO</th>"
                + "<th>Breaks at, limited by</th><th class=\"num\">req/s per core</th>"
                + "<th class=\"num\">Memory per 1,000 in flight</th>"
                + "<th class=\"num\">Throughput there</th><th class=\"num\">p99 there</th><th>Memory there</th>"
                + "<th class=\"num\">Platform threads there</th><th class=\"num\">CPU per 1,000 requests</th>"
                + "<th>Where it broke and how</th></tr>\n");
        for (Row r : rows()) {
            LevelPoint p = r.at();
            h.append("<tr><td>").append(Html.server(r.server())).append("</td><td><b>")
                    .append(Html.esc(r.knee() == null ? "not measured" : r.knee().label())).append("</b></td>")
                    .append("<td>").append(Html.esc(breaksAt(r))).append("</td>")
                    .append(num(p == null ? "–" : perCore(p) + spread(p, "rpsPerCore")))
                    .append(num(perInFlight(r)))
                    .append(num(p == null ? "–" : Numbers.rps(p.throughputRps())
                            + spread(p.throughputMin(), p.throughputMax(), p.repeats(), false)))
                    .append(num(p == null ? "–" : Numbers.ms(p.p99Ms()) + spread(p.p99Min(), p.p99Max(), p.repeats(), true)))
                    .append("<td>").append(Html.esc(memory(p))).append("</td>")
                    .append(num(p == null || p.liveThreads() == null ? "–" : Numbers.count(p.liveThreads())
                            + spread(p, "liveThreads")))
                    .append(num(p == null || p.cpuMsPer1kReq() == null ? "–" : Numbers.ms(p.cpuMsPer1kReq())
                            + spread(p, "cpuMsPer1kReq")))
                    .append("<td class=\"how\">").append(Html.esc(r.breakdown() == null ? "–" : r.breakdown().how()))
                    .append("</td></tr>\n<tr class=\"verdict\"><td colspan=\"11\" style=\"border-left: 4px solid ")
                    .append(Palette.css(r.server())).append("\"><b>Verdict:</b> ").append(Html.esc(r.verdict()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"note\">“There” = at the highest load meeting the SLO. " + FIGURES_NOTE
                + "</p>\n");
        h.append("<h3>Highest load meeting the SLO, per scenario</h3>\n<table>\n<tr><th>Server</th>");
        a.scenarios.forEach(s -> h.append("<th>").append(Html.esc(s)).append("</th>"));
        h.append("</tr>\n");
        for (String server : a.servers) {
            h.append("<tr><td>").append(Html.server(server)).append("</td>");
            for (String scenario : a.scenarios) {
                SloKnee k = a.knees.get(server).get(scenario);
                Breakdown b = a.breakdowns.get(server).get(scenario);
                h.append("<td>");
                if (k == null) {
                    h.append("not measured");
                } else {
                    h.append("<b>").append(Html.esc(k.label())).append("</b>");
                    if (k.point() != null) {
                        h.append("<br>throughput ").append(Html.esc(Numbers.rps(k.point().throughputRps())))
                                .append(", p99 ").append(Html.esc(Numbers.ms(k.point().p99Ms())));
                    }
                    h.append("<br><small>").append(Html.esc(b.how())).append("</small>");
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n</section>\n");
        if (engines != null) {
            h.append(engines.html());
        }
        h.append(claimsHtml());

        h.append("<nav>Sections: ");
        if (engines != null) {
            h.append("<a href=\"#engines\">engines</a>");
        }
        h.append("<a href=\"#claims\">claims</a>");
        a.scenarios.forEach(s -> h.append("<a href=\"#scenario-").append(Html.esc(s)).append("\">")
                .append(Html.esc(s)).append("</a>"));
        h.append("<a href=\"#environment\">environment</a><a href=\"#warnings\">warnings</a>"
                + "<a href=\"#files\">files</a></nav>\n");

        for (String scenario : a.scenarios) {
            h.append("<section id=\"scenario-").append(Html.esc(scenario)).append("\">\n<h2>Scenario: ")
                    .append(Html.esc(scenario)).append("</h2>\n");
            String note = SCENARIO_NOTES.get(scenario);
            if (note != null) {
                h.append("<p class=\"note\">").append(Html.esc(note)).append("</p>\n");
            }
            if (scenario.equals(StallSimulation.NAME)) {
                h.append(stallList(s -> "<li>" + Html.esc(s) + "</li>", "<ul class=\"stall\">", "</ul>\n"));
            }
            if (scenario.equals(org.threadlab.load.C10kSimulation.NAME) && c10k != null) {
                h.append(c10k.html());
            }
            h.append(Html.key(a.servers, null));
            h.append("<div class=\"grid\">\n");
            charts.get(scenario).forEach(c -> h.append(Html.figure(c)));
            h.append("</div>\n");
            h.append("<p>Gatling reports: ");
            List<String> links = new ArrayList<>();
            for (String server : a.servers) {
                String rel = run.gatlingReport(server, scenario);
                links.add(rel == null ? Html.esc(server) + " (none on disk)"
                        : "<a href=\"" + Html.esc(rel) + "\">" + Html.esc(server) + "</a>");
            }
            h.append(String.join(" · ", links)).append("</p>\n");
            h.append("<details><summary>All figures of ").append(Html.esc(scenario)).append("</summary>\n")
                    .append(figures(scenario)).append("</details>\n</section>\n");
        }

        String restarts = databaseRestarts();
        if (!restarts.isEmpty()) {
            h.append("<section id=\"database-restart\">\n<h2>Database restart</h2>\n").append(restarts)
                    .append("</section>\n");
        }
        h.append("<section id=\"environment\">\n<h2>Environment</h2>\n").append(environment()).append("</section>\n");
        h.append("<section id=\"warnings\">\n<h2>Warnings</h2>\n");
        if (a.warnings.isEmpty()) {
            h.append("<p>None: the run is complete, no assertion failed and no level was generator-limited.</p>\n");
        } else {
            h.append("<ul>\n");
            a.warnings.forEach(w -> h.append("<li>").append(Html.esc(w)).append("</li>\n"));
            h.append("</ul>\n");
        }
        if (run.generatorLimitedRule() != null) {
            h.append("<p class=\"note\">Rule: ").append(Html.esc(run.generatorLimitedRule())).append("</p>\n");
        }
        h.append("</section>\n<section id=\"files\">\n<h2>Files</h2>\n<p>");
        List<String> files = new ArrayList<>();
        for (String f : List.of("summary.md", "summary.json", "summary.csv", "levels.json", "levels.csv",
                "samples.csv", "run.json", "environment.json", "logs")) {
            if (Files.exists(dir.resolve(f)) || f.startsWith("summary")) {
                files.add("<a href=\"" + f + "\">" + f + "</a>");
            }
        }
        h.append(String.join(" · ", files)).append("</p>\n<p class=\"note\">Rebuild this page from the raw data "
                + "without rerunning the load: <code>lab report ").append(Html.esc(dir.toString())).append("</code>"
                + "</p>\n</section>\n</body>\n</html>\n");
        return h.toString();
    }

    private boolean isDefault() {
        return a.slo.equals(SloOptions.defaults());
    }

    private String meta() {
        RunData run = a.run;
        StringBuilder m = new StringBuilder();
        if (run.profile() != null) {
            m.append(" · profile ").append(Html.esc(run.profile()));
        }
        m.append(" · ").append(run.complete() ? "complete" : "<b>" + Html.esc(run.status()) + "</b>");
        if (run.repeats() > 1) {
            m.append(" · ").append(run.repeats()).append(" repeats (medians; spread in the figures tables)");
        }
        JsonNode env = run.environment();
        if (env != null) {
            String jdk = RunData.text(env.path("jdk"), "version");
            if (jdk != null) {
                m.append(" · JDK ").append(Html.esc(jdk));
            }
            String cpu = RunData.text(env.path("cpu"), "model");
            if (cpu != null) {
                m.append(" · ").append(Html.esc(env.path("cpu").path("count").asText("?"))).append(" × ")
                        .append(Html.esc(cpu));
            }
            JsonNode cpus = env.path("settings").path("cpus");
            if ("pinned".equals(RunData.text(cpus, "layout"))) {
                m.append(" · server on CPU ").append(Html.esc(cpus.path("server").asText()))
                        .append(", Gatling and the lab on CPU ").append(Html.esc(cpus.path("generator").asText()));
            } else if ("shared".equals(RunData.text(cpus, "layout"))) {
                m.append(" · server and Gatling share the CPUs");
            }
            String budget = run.setting("serverCpuLimit");
            if (budget != null) {
                m.append(" · server CPU budget ").append(Html.esc(budget)).append(" core");
                String period = run.setting("cpuQuotaPeriod");
                if (period != null) {
                    m.append(" (quota period ").append(Html.esc(period)).append(")");
                }
            }
            JsonNode database = env.path("database");
            if ("postgres".equals(RunData.text(database, "kind"))) {
                m.append(" · database PostgreSQL ").append(Html.esc(database.path("settings").path("server_version")
                        .asText("?"))).append(database.path("embedded").asBoolean(false) ? " (embedded, on the lab's CPUs)"
                        : " at " + Html.esc(database.path("url").asText("?")));
                String pool = run.setting("dbPoolSize");
                if (pool != null) {
                    m.append(", pool ").append(Html.esc(pool)).append(" per server");
                }
            } else if (database.isObject()) {
                m.append(" · simulated database");
            }
            String db = run.setting("dbLatency");
            if (db != null) {
                m.append(" · DB latency ").append(Html.esc(db));
            }
            String workers = run.setting("workers");
            if (workers != null) {
                m.append(" · blocking workers ").append(Html.esc(workers));
            }
            String started = RunData.text(env, "startedAt");
            if (started != null) {
                m.append(" · started ").append(Html.esc(started));
            }
        }
        return m.toString();
    }

    private static String num(String s) {
        return "<td class=\"num\">" + Html.esc(s) + "</td>";
    }

    /** Every figure of a scenario, one row per server and level. */
    String figures(String scenario) {
        StringBuilder t = new StringBuilder("<table class=\"figures\">\n<tr><th>Server</th><th>Level</th>"
                + "<th class=\"num\">Throughput</th><th class=\"num\">of bound</th><th class=\"num\">p50</th>"
                + "<th class=\"num\">p99</th><th class=\"num\">Errors</th><th>Failures by cause</th>"
                + "<th class=\"num\">CPU</th><th class=\"num\">CPU / 1k req</th><th class=\"num\">Ctx switches / 1k req</th>"
                + "<th class=\"num\">RSS</th>"
                + "<th class=\"num\">Heap</th><th class=\"num\">Threads</th><th class=\"num\">Gatling CPU</th>"
                + (database() ? "<th class=\"num\">DB CPU</th><th class=\"num\">DB RSS</th><th class=\"num\">Pool waits</th>" : "")
                + (pinning() ? "<th class=\"num\">Pinned</th>" : "")
                + "<th>Note</th></tr>\n");
        for (String server : a.servers) {
            for (LevelPoint p : a.points(server, scenario)) {
                Double f = Bounds.fraction(p);
                t.append(p.generatorLimited() ? "<tr class=\"limited\">" : "<tr>").append("<td>")
                        .append(Html.server(server)).append("</td><td>").append(Html.esc(p.label())).append("</td>")
                        .append(num(Numbers.rps(p.throughputRps()) + spread(p.throughputMin(), p.throughputMax(),
                                p.repeats(), false)))
                        .append(num(f == null ? "–" : Numbers.pct(100 * f)))
                        .append(num(Numbers.ms(p.p50Ms())))
                        .append(num(Numbers.ms(p.p99Ms()) + spread(p.p99Min(), p.p99Max(), p.repeats(), true)))
                        .append(num(Numbers.count(p.ko()) + " (" + Numbers.pct(p.errorPct()) + ")"))
                        .append("<td>").append(Html.esc(Causes.describe(p.koByCause()))).append("</td>")
                        .append(num(Numbers.pct(p.serverCpuPct()))).append(num(Numbers.ms(p.cpuMsPer1kReq())))
                        .append(num(p.contextSwitchesPer1kReq() == null ? "–" : Numbers.count(p.contextSwitchesPer1kReq())))
                        .append(num(Numbers.mb(p.rssMb()))).append(num(Numbers.mb(p.heapMb())))
                        .append(num(p.liveThreads() == null ? "–" : Numbers.count(p.liveThreads())))
                        .append(num(Numbers.pct(p.generatorCpuPct())))
                        .append(database() ? num(Numbers.pct(p.dbCpuPct())) + num(Numbers.mb(p.dbRssMb()))
                                + num(p.dbPoolWaits() == null ? "–" : Numbers.count(p.dbPoolWaits())) : "")
                        .append(pinning() ? pinnedCell(p) : "")
                        .append("<td>").append(p.generatorLimited() ? "generator-limited: "
                                + Html.esc(String.join("; ", p.generatorLimitedReasons())) : "").append("</td></tr>\n");
            }
        }
        return t.append("</table>\n").toString();
    }

    /** The run's database in words: "PostgreSQL 18.7 (embedded), pool 50 per server" or "simulated database". */
    String databaseName() {
        JsonNode env = a.run.environment();
        JsonNode db = env == null ? null : env.path("database");
        if (db != null && "postgres".equals(RunData.text(db, "kind"))) {
            String pool = a.run.setting("dbPoolSize");
            return "PostgreSQL " + db.path("settings").path("server_version").asText("?")
                    + (db.path("embedded").asBoolean(false) ? " (embedded)" : "")
                    + (pool == null ? "" : ", pool " + pool + " per server");
        }
        return "simulated database";
    }

    /**
     * Whether the figures show the database's own columns: a run on PostgreSQL (its CPU and memory)
     * or one whose queries waited for the pool.
     */
    private boolean database() {
        return a.points.stream().anyMatch(p -> p.dbCpuPct() != null || (p.dbPoolWaits() != null && p.dbPoolWaits() > 0));
    }

    /** Whether any level recorded pinned virtual threads (JFR), even none: the column says it was looked for. */
    private boolean pinning() {
        return a.points.stream().anyMatch(p -> p.pinnedEvents() != null);
    }

    private static String pinnedCell(LevelPoint p) {
        if (p.pinnedEvents() == null) {
            return num("–");
        }
        String count = Numbers.count(p.pinnedEvents());
        return p.pinnedTopStack() == null ? num(count)
                : "<td class=\"num\" title=\"" + Html.esc(p.pinnedTopStack()) + "\">" + Html.esc(count) + " *</td>";
    }

    private static String spread(Double min, Double max, int repeats, boolean ms) {
        if (repeats < 2 || min == null || max == null) {
            return "";
        }
        return " (" + (ms ? Numbers.number(min) + "–" + Numbers.number(max) : Numbers.number(min) + "–"
                + Numbers.number(max)) + ")";
    }

    /**
     * The restart scenario's figures per server: PostgreSQL's outage, the errors the clients saw in the
     * outage window, the time until the server served again, and the orders acknowledged against
     * those stored. Empty when the run had no restart.
     */
    String databaseRestarts() {
        JsonNode restarts = a.run.databaseRestarts();
        if (restarts.isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder("<p>PostgreSQL stopped as a crash would (<code>pg_ctl stop -m immediate</code>)"
                + " for the outage window and started again: what each server's clients saw, and whether every order"
                + " it acknowledged (201) is still stored (by count over the server's whole suite; the test suite"
                + " checks each order by id).</p>\n<table class=\"figures\">\n<tr><th>Server</th><th class=\"num\">Outage</th>"
                + "<th class=\"num\">Errors in the outage window</th><th>Failures by cause</th>"
                + "<th class=\"num\">Serving again after</th><th class=\"num\">Orders acknowledged</th>"
                + "<th class=\"num\">Stored</th><th class=\"num\">Lost</th></tr>\n");
        restarts.properties().forEach(e -> {
            String server = e.getKey().replaceAll("-r\\d+$", "");
            JsonNode f = e.getValue();
            LevelPoint outage = a.points(server, org.threadlab.load.RestartSimulation.NAME).stream()
                    .filter(p -> p.step().equals(org.threadlab.load.RestartSimulation.OUTAGE)).findFirst().orElse(null);
            t.append("<tr><td>").append(Html.server(server)).append(e.getKey().equals(server) ? "" : " "
                    + Html.esc(e.getKey().substring(server.length() + 1))).append("</td>")
                    .append(num(f.hasNonNull("outageMs") ? Numbers.ms(f.get("outageMs").asDouble()) : "–"))
                    .append(num(outage == null ? "–" : Numbers.count(outage.ko()) + " of " + Numbers.count(outage.requests())))
                    .append("<td>").append(outage == null ? "" : Html.esc(Causes.describe(outage.koByCause()))).append("</td>")
                    .append(num(f.hasNonNull("servingAgainMs") ? Numbers.ms(f.get("servingAgainMs").asDouble())
                            : f.has("error") ? "failed: " + f.path("error").asText() : "never"))
                    .append(num(f.hasNonNull("ordersAcknowledged") ? Numbers.count(f.get("ordersAcknowledged").asDouble()) : "–"))
                    .append(num(f.hasNonNull("ordersStored") ? Numbers.count(f.get("ordersStored").asDouble()) : "–"))
                    .append(num(f.hasNonNull("ordersLost") ? Numbers.count(f.get("ordersLost").asDouble()) : "–"))
                    .append("</tr>\n");
        });
        return t.append("</table>\n").toString();
    }

    String environment() {
        JsonNode env = a.run.environment();
        if (env == null) {
            return "<p>No environment.json in this run: the JDK, JVM options and machine are unknown.</p>\n";
        }
        StringBuilder t = new StringBuilder("<table>\n");
        JsonNode jdk = env.path("jdk");
        row(t, "JDK", join(RunData.text(jdk, "vendor"), RunData.text(jdk, "runtimeVersion") != null
                ? RunData.text(jdk, "runtimeVersion") : RunData.text(jdk, "version"), RunData.text(jdk, "vmName"),
                RunData.text(jdk, "javaHome")));
        row(t, "Server JVM options", list(env.get("serverJvmOptions")));
        row(t, "Gatling JVM options", list(env.get("gatlingJvmOptions")));
        row(t, "Gatling", RunData.text(env, "gatlingVersion"));
        JsonNode cpu = env.path("cpu");
        row(t, "CPU", cpu.isMissingNode() ? null : cpu.path("count").asText("?") + " × "
                + cpu.path("model").asText("unknown model"));
        row(t, "Memory", env.path("memory").hasNonNull("totalMb")
                ? Numbers.count(env.path("memory").path("totalMb").asDouble()) + " MB" : null);
        row(t, "OS", RunData.text(env.path("os"), "uname"));
        JsonNode git = env.path("git");
        row(t, "Git commit", RunData.text(git, "commit") == null ? null : RunData.text(git, "commit")
                + (git.path("dirty").asBoolean(false) ? " (with uncommitted changes)" : ""));
        row(t, "Started / ended", join(RunData.text(env, "startedAt"), RunData.text(env, "endedAt")));
        JsonNode database = env.path("database");
        if ("postgres".equals(RunData.text(database, "kind"))) {
            row(t, "Database", join(RunData.text(database, "version"), database.path("embedded").asBoolean(false)
                    ? "embedded, pid " + database.path("pid").asText("?") + " on CPUs "
                    + database.path("cpusAllowed").asText("?") : RunData.text(database, "url")));
            database.path("settings").properties().forEach(e -> row(t, "PostgreSQL " + e.getKey(), e.getValue().asText()));
        } else if (database.isObject()) {
            row(t, "Database", "simulated, in each server's own JVM");
        }
        JsonNode settings = env.path("settings");
        if (settings.isObject()) {
            settings.properties().forEach(e -> row(t, "setting " + e.getKey(), e.getValue().isValueNode()
                    ? e.getValue().asText() : e.getValue().toString()));
        }
        return t.append("</table>\n<p><a href=\"environment.json\">environment.json</a></p>\n").toString();
    }

    private static void row(StringBuilder t, String name, String value) {
        if (value != null && !value.isBlank()) {
            t.append("<tr><th>").append(Html.esc(name)).append("</th><td><code>").append(Html.esc(value))
                    .append("</code></td></tr>\n");
        }
    }

    private static String join(String... parts) {
        List<String> p = new ArrayList<>();
        for (String s : parts) {
            if (s != null) {
                p.add(s);
            }
        }
        return p.isEmpty() ? null : String.join(" · ", p);
    }

    private static String list(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out.isEmpty() ? "(none)" : String.join(" ", out);
    }

    // ---- summary.md ----

    String markdown(Map<String, List<LevelChart>> charts) {
        StringBuilder m = new StringBuilder("# ").append(String.join(" vs ", a.servers))
                .append(": which model, at what load, at what cost\n\n");
        m.append("ThreadLab run `").append(a.run.runId()).append("`").append(a.run.profile() == null ? ""
                : ", profile " + a.run.profile()).append(", ").append(a.run.status());
        if (a.run.jdkVersion() != null) {
            m.append(", JDK ").append(a.run.jdkVersion());
        }
        m.append(", ").append(databaseName());
        m.append(". SLO: ").append(a.slo.describe()).append(". Generator-limited levels count neither way.\n\n");
        m.append("| Server | Highest load meeting the SLO (").append(a.headline).append(") | Breaks at, limited by "
                + "| req/s per core | Memory per 1,000 in flight | Throughput there | p99 there "
                + "| Memory there | Platform threads there | CPU per 1,000 requests | Where it broke and how |\n");
        m.append("|---|---|---|--:|--:|--:|--:|---|--:|--:|---|\n");
        for (Row r : rows()) {
            LevelPoint p = r.at();
            m.append("| **").append(md(r.server())).append("** | ")
                    .append(md(r.knee() == null ? "not measured" : r.knee().label())).append(" | ")
                    .append(md(breaksAt(r))).append(" | ").append(p == null ? "–" : perCore(p) + spread(p, "rpsPerCore"))
                    .append(" | ").append(perInFlight(r)).append(" | ")
                    .append(p == null ? "–" : Numbers.rps(p.throughputRps())
                            + spread(p.throughputMin(), p.throughputMax(), p.repeats(), false)).append(" | ")
                    .append(p == null ? "–" : Numbers.ms(p.p99Ms()) + spread(p.p99Min(), p.p99Max(), p.repeats(), true))
                    .append(" | ").append(md(memory(p))).append(" | ")
                    .append(p == null || p.liveThreads() == null ? "–" : Numbers.count(p.liveThreads())
                            + spread(p, "liveThreads")).append(" | ")
                    .append(p == null ? "–" : Numbers.ms(p.cpuMsPer1kReq()) + spread(p, "cpuMsPer1kReq")).append(" | ")
                    .append(md(r.breakdown() == null ? "–" : r.breakdown().how())).append(" |\n");
        }
        m.append("\n“There” = at the highest load meeting the SLO. ").append(FIGURES_NOTE).append('\n');
        m.append("\n**Verdicts**\n\n");
        a.verdicts.values().forEach(v -> m.append("- ").append(md(v)).append('\n'));
        if (engines != null) {
            m.append('\n').append(engines.markdown());
        }
        m.append(claimsMarkdown());
        if (!a.warnings.isEmpty()) {
            m.append("\n**Warnings**\n\n");
            a.warnings.forEach(w -> m.append("- ").append(md(w)).append('\n'));
        }
        for (Map.Entry<String, List<LevelChart>> e : charts.entrySet()) {
            m.append("\n## ").append(e.getKey()).append("\n\n");
            String note = SCENARIO_NOTES.get(e.getKey());
            if (note != null) {
                m.append(note).append("\n\n");
            }
            if (e.getKey().equals(StallSimulation.NAME)) {
                m.append(stallList(l -> "- " + md(l) + "\n", "", "\n"));
            }
            if (e.getKey().equals(org.threadlab.load.C10kSimulation.NAME) && c10k != null) {
                m.append(c10k.markdown()).append('\n');
            }
            for (LevelChart c : e.getValue()) {
                String png = "charts/" + c.id + ".png";
                if (Files.isRegularFile(dir.resolve(png))) {
                    m.append("![").append(md(c.title)).append("](").append(png).append(")\n");
                }
            }
            List<String> links = new ArrayList<>();
            for (String server : a.servers) {
                String rel = a.run.gatlingReport(server, e.getKey());
                if (rel != null) {
                    links.add("[" + server + "](" + rel + ")");
                }
            }
            if (!links.isEmpty()) {
                m.append("\nGatling reports: ").append(String.join(" · ", links)).append('\n');
            }
        }
        m.append("\n---\n[Full report](index.html)");
        if (Files.isRegularFile(dir.resolve("environment.json"))) {
            m.append(" · [environment](environment.json)");
        }
        m.append(" · [summary.json](summary.json) · [summary.csv](summary.csv)\n");
        return m.toString();
    }

    static String md(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    // ---- summary.json and summary.csv ----

    String summaryJson() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("runId", a.run.runId());
        root.put("status", a.run.status());
        root.put("profile", a.run.profile());
        root.put("slo", Map.of("p99Ms", a.slo.p99Ms(), "errorsPct", a.slo.errorsPct()));
        root.put("headlineScenario", a.headline);
        List<Object> servers = new ArrayList<>();
        for (Row r : rows()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("server", r.server());
            s.put("verdict", r.verdict());
            Map<String, Object> scenarios = new LinkedHashMap<>();
            for (String scenario : a.scenarios) {
                SloKnee k = a.knees.get(r.server()).get(scenario);
                if (k != null) {
                    scenarios.put(scenario, scenarioJson(k, a.breakdowns.get(r.server()).get(scenario),
                            a.breaks.get(r.server()).get(scenario), a.points(r.server(), scenario)));
                }
            }
            s.put("scenarios", scenarios);
            servers.add(s);
        }
        root.put("servers", servers);
        root.put("engines", engines == null ? null : engines.json());
        root.put("c10k", c10k == null ? null : c10k.json());
        root.put("claims", claims.stream().map(c -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("criterion", c.criterion());
            j.put("claim", c.claim());
            j.put("evidence", c.evidence());
            j.put("verdict", c.verdict());
            j.put("basis", c.basis());
            return j;
        }).toList());
        root.put("warnings", a.warnings);
        return RunData.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }

    private static Map<String, Object> scenarioJson(SloKnee k, Breakdown b, BreakPoint broke, List<LevelPoint> points) {
        Map<String, Object> m = new LinkedHashMap<>();
        LevelPoint p = k.point();
        m.put("sloLevel", p == null ? null : p.level());
        m.put("sloStep", p == null ? null : p.step());
        m.put("levelUnit", p == null ? null : p.levelUnit());
        m.put("sloLabel", k.label());
        m.put("throughputRps", p == null ? null : p.throughputRps());
        m.put("p50Ms", p == null ? null : p.p50Ms());
        m.put("p99Ms", p == null ? null : p.p99Ms());
        m.put("errorsPct", p == null ? null : p.errorPct());
        m.put("rssMb", p == null ? null : p.rssMb());
        m.put("heapUsedMb", p == null ? null : p.heapMb());
        m.put("liveThreads", p == null ? null : p.liveThreads());
        m.put("cpuMsPer1kReq", p == null ? null : p.cpuMsPer1kReq());
        m.put("fractionOfBound", p == null ? null : Bounds.fraction(p));
        m.put("generatorLimitedLevelsExcluded", k.excluded());
        m.put("rpsPerCore", p == null ? null : p.rpsPerCore());
        m.put("cpuMsPerRequest", p == null || p.cpuMsPer1kReq() == null ? null : p.cpuMsPer1kReq() / 1000);
        PerInFlight mem = p == null ? null : PerInFlight.of(points, p);
        m.put("rssMbPer1kInFlight", mem == null ? null : mem.rssMb());
        m.put("heapMbPer1kInFlight", mem == null ? null : mem.heapMb());
        m.put("spread", p == null || p.repeats() < 2 ? null : spreads(p));
        Stall stall = points.isEmpty() || !points.get(0).scenario().equals(StallSimulation.NAME) ? null
                : Stall.of(points.get(0).server(), points);
        if (stall != null) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("baseP99Ms", stall.baseP99Ms());
            st.put("stallP99Ms", stall.stallP99Ms());
            st.put("p99Ratio", stall.ratio());
            st.put("heavyRps", stall.heavyRps());
            st.put("heavyP99Ms", stall.heavyP99Ms());
            m.put("stall", st);
        }
        m.put("broke", b.kind().word());
        m.put("brokeAt", broke == null ? null : broke.at().label());
        m.put("brokeAtLevel", broke == null ? null : broke.at().level());
        m.put("brokeBecause", broke == null ? null : broke.because());
        m.put("limitedBy", broke == null ? null : broke.limitedBy());
        m.put("limitedByReason", broke == null ? null : broke.at().limitedByReason());
        m.put("sloMissedAt", b.at() == null ? null : b.at().label());
        m.put("how", b.how());
        return m;
    }

    String summaryCsv() {
        StringBuilder c = new StringBuilder("server,scenario,sloLevel,sloStep,levelUnit,throughputRps,p50Ms,p99Ms,"
                + "errorsPct,rssMb,heapUsedMb,liveThreads,cpuMsPer1kReq,fractionOfBound,broke,brokeAt,how,verdict\n");
        for (String server : a.servers) {
            for (String scenario : a.scenarios) {
                SloKnee k = a.knees.get(server).get(scenario);
                if (k == null) {
                    continue;
                }
                Breakdown b = a.breakdowns.get(server).get(scenario);
                LevelPoint p = k.point();
                List<String> cells = new ArrayList<>(List.of(server, scenario));
                if (p == null) {
                    cells.addAll(List.of("", "", "", "", "", "", "", "", "", "", "", ""));
                } else {
                    cells.addAll(List.of(Numbers.plain(p.level()), p.step(), p.levelUnit(),
                            Numbers.plain(p.throughputRps()), Numbers.plain(p.p50Ms()), Numbers.plain(p.p99Ms()),
                            Numbers.plain(p.errorPct()), Numbers.plain(p.rssMb()), Numbers.plain(p.heapMb()),
                            Numbers.plain(p.liveThreads()), Numbers.plain(p.cpuMsPer1kReq()),
                            Numbers.plain(Bounds.fraction(p))));
                }
                cells.add(b.kind().word());
                cells.add(b.at() == null ? "" : b.at().label());
                cells.add(b.how());
                cells.add(scenario.equals(a.headline) ? a.verdicts.get(server) : "");
                c.append(String.join(",", cells.stream().map(ReportWriter::csv).toList())).append('\n');
            }
        }
        return c.toString();
    }

    static String csv(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
