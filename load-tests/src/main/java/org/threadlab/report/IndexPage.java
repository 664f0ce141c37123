package org.threadlab.report;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.threadlab.load.C10kSimulation;
import org.threadlab.load.StallSimulation;

/** index.html: one self-contained page, charts as inline SVG, written section by section. */
final class IndexPage {
    private final ReportWriter report;
    private final RunAnalysis a;
    private final Map<String, List<LevelChart>> charts;

    IndexPage(ReportWriter report, Map<String, List<LevelChart>> charts) {
        this.report = report;
        this.a = report.analysis();
        this.charts = charts;
    }

    String html() {
        StringBuilder h = new StringBuilder(Html.head(report.title()));
        h.append(header()).append(warningsBox()).append(summary());
        if (report.engines() != null) {
            h.append(report.engines().html());
        }
        h.append(report.claims().html()).append(nav());
        a.scenarios.forEach(s -> h.append(scenario(s)));
        String restarts = RestartSection.html(a);
        if (!restarts.isEmpty()) {
            h.append("<section id=\"database-restart\">\n<h2>Database restart</h2>\n").append(restarts)
                    .append("</section>\n");
        }
        return h.append(environment()).append(warnings()).append(files()).append("</body>\n</html>\n").toString();
    }

    private String header() {
        boolean defaults = a.slo.equals(SloOptions.defaults());
        return "<header>\n<h1>" + Html.esc(String.join(" vs ", a.servers)) + ": which model, at what load, at what cost"
                + "</h1>\n<p class=\"meta\">ThreadLab run <b>" + Html.esc(a.run.runId()) + "</b>" + report.description().meta()
                + "</p>\n<p class=\"slo\"><b>SLO</b>: " + Html.esc(a.slo.describe()) + (defaults ? " (the defaults)" : "")
                + ". Change it with <code>lab report --slo-p99 MS --slo-errors PCT</code>. Generator-limited levels "
                + "count neither way.</p>\n</header>\n";
    }

    /** The first four warnings, above the summary; all of them are in {@link #warnings}. */
    private String warningsBox() {
        if (a.warnings.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<div class=\"warnings\"><b>").append(a.warnings.size())
                .append(a.warnings.size() == 1 ? " warning" : " warnings")
                .append("</b> (details in <a href=\"#warnings\">Warnings</a>)<ul>");
        a.warnings.stream().limit(4).forEach(w -> h.append("<li>").append(Html.esc(w)).append("</li>"));
        if (a.warnings.size() > 4) {
            h.append("<li>… and ").append(a.warnings.size() - 4).append(" more</li>");
        }
        return h.append("</ul></div>\n").toString();
    }

    private String summary() {
        return "<section id=\"summary\">\n<h2>Summary: the highest load that meets the SLO in " + Html.esc(a.headline)
                + ", and its cost</h2>\n" + report.summary().html() + kneesPerScenario() + "</section>\n";
    }

    /** Servers down, scenarios across: each one's knee, its figures there, and how it broke. */
    private String kneesPerScenario() {
        Table<String> t = new Table<>(a.servers).text("Server", server -> server).cellHtml(Html::server);
        for (String scenario : a.scenarios) {
            t.text(scenario, server -> kneeLabel(server, scenario)).cellHtml(server -> kneeHtml(server, scenario));
        }
        return "<h3>Highest load meeting the SLO, per scenario</h3>\n" + t.html(null);
    }

    private String kneeLabel(String server, String scenario) {
        SloKnee k = a.knees.get(server).get(scenario);
        return k == null ? "not measured" : k.label();
    }

    /** The knee in bold, its throughput and p99, and how the server broke. */
    private String kneeHtml(String server, String scenario) {
        SloKnee k = a.knees.get(server).get(scenario);
        if (k == null) {
            return "not measured";
        }
        return "<b>" + Html.esc(k.label()) + "</b>" + (k.point() == null ? "" : "<br>throughput "
                + Html.esc(Numbers.rps(k.point().throughputRps())) + ", p99 " + Html.esc(Numbers.ms(k.point().p99Ms())))
                + "<br><small>" + Html.esc(a.breakdowns.get(server).get(scenario).how()) + "</small>";
    }

    private String nav() {
        StringBuilder h = new StringBuilder("<nav>Sections: ");
        if (report.engines() != null) {
            h.append("<a href=\"#engines\">engines</a>");
        }
        h.append("<a href=\"#claims\">claims</a>");
        a.scenarios.forEach(s -> h.append("<a href=\"#scenario-").append(Html.esc(s)).append("\">")
                .append(Html.esc(s)).append("</a>"));
        return h.append("<a href=\"#environment\">environment</a><a href=\"#warnings\">warnings</a>"
                + "<a href=\"#files\">files</a></nav>\n").toString();
    }

    private String scenario(String scenario) {
        StringBuilder h = new StringBuilder("<section id=\"scenario-").append(Html.esc(scenario)).append("\">\n<h2>Scenario: ")
                .append(Html.esc(scenario)).append("</h2>\n");
        String note = ScenarioNotes.of(scenario, a.run);
        if (note != null) {
            h.append("<p class=\"note\">").append(Html.esc(note)).append("</p>\n");
        }
        if (scenario.equals(StallSimulation.NAME)) {
            List<String> lines = report.stallSentences();
            if (!lines.isEmpty()) {
                h.append("<ul class=\"stall\">");
                lines.forEach(l -> h.append("<li>").append(Html.esc(l)).append("</li>"));
                h.append("</ul>\n");
            }
        }
        if (scenario.equals(C10kSimulation.NAME) && report.c10k() != null) {
            h.append(report.c10k().html());
        }
        h.append(Html.key(a.servers, null)).append("<div class=\"grid\">\n");
        charts.get(scenario).forEach(c -> h.append(Html.figure(c)));
        h.append("</div>\n<p>Gatling reports: ");
        List<String> links = new ArrayList<>();
        for (String server : a.servers) {
            String rel = a.run.gatlingReport(server, scenario);
            links.add(rel == null ? Html.esc(server) + " (none on disk)"
                    : "<a href=\"" + Html.esc(rel) + "\">" + Html.esc(server) + "</a>");
        }
        return h.append(String.join(" · ", links)).append("</p>\n<details><summary>All figures of ")
                .append(Html.esc(scenario)).append("</summary>\n").append(FiguresTable.html(a, scenario))
                .append("</details>\n</section>\n").toString();
    }

    private String environment() {
        return "<section id=\"environment\">\n<h2>Environment</h2>\n" + report.description().environmentHtml()
                + "</section>\n";
    }

    private String warnings() {
        StringBuilder h = new StringBuilder("<section id=\"warnings\">\n<h2>Warnings</h2>\n");
        if (a.warnings.isEmpty()) {
            h.append("<p>None: the run is complete, no assertion failed and no level was generator-limited.</p>\n");
        } else {
            h.append("<ul>\n");
            a.warnings.forEach(w -> h.append("<li>").append(Html.esc(w)).append("</li>\n"));
            h.append("</ul>\n");
        }
        if (a.run.generatorLimitedRule() != null) {
            h.append("<p class=\"note\">Rule: ").append(Html.esc(a.run.generatorLimitedRule())).append("</p>\n");
        }
        return h.append("</section>\n").toString();
    }

    private String files() {
        List<String> files = new ArrayList<>();
        for (String f : List.of("summary.md", "summary.json", "summary.csv", "levels.json", "levels.csv",
                "samples.csv", "run.json", "environment.json", "logs")) {
            if (Files.exists(a.run.dir().resolve(f)) || f.startsWith("summary")) {
                files.add("<a href=\"" + f + "\">" + f + "</a>");
            }
        }
        return "<section id=\"files\">\n<h2>Files</h2>\n<p>" + String.join(" · ", files) + "</p>\n<p class=\"note\">"
                + "Rebuild this page from the raw data without rerunning the load: <code>lab report "
                + Html.esc(a.run.dir().toString()) + "</code></p>\n</section>\n";
    }
}
