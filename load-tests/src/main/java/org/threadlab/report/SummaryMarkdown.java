package org.threadlab.report;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.threadlab.load.C10kSimulation;
import org.threadlab.load.StallSimulation;

/** summary.md: the summary, verdicts, engines and claims, then each scenario's PNG charts. */
final class SummaryMarkdown {
    private final ReportWriter report;
    private final RunAnalysis a;
    private final Map<String, List<LevelChart>> charts;

    SummaryMarkdown(ReportWriter report, Map<String, List<LevelChart>> charts) {
        this.report = report;
        this.a = report.analysis();
        this.charts = charts;
    }

    String markdown() {
        StringBuilder m = new StringBuilder(header());
        m.append(report.summary().markdown());
        m.append("\n**Verdicts**\n\n");
        a.verdicts.values().forEach(v -> m.append("- ").append(Markdown.esc(v)).append('\n'));
        if (report.engines() != null) {
            m.append('\n').append(report.engines().markdown());
        }
        m.append(report.claims().markdown());
        if (!a.warnings.isEmpty()) {
            m.append("\n**Warnings**\n\n");
            a.warnings.forEach(w -> m.append("- ").append(Markdown.esc(w)).append('\n'));
        }
        charts.forEach((scenario, list) -> m.append(scenario(scenario, list)));
        m.append("\n---\n[Full report](index.html)");
        if (Files.isRegularFile(a.run.dir().resolve("environment.json"))) {
            m.append(" · [environment](environment.json)");
        }
        return m.append(" · [summary.json](summary.json) · [summary.csv](summary.csv)\n").toString();
    }

    private String header() {
        RunData run = a.run;
        return "# " + String.join(" vs ", a.servers) + ": which model, at what load, at what cost\n\n"
                + "ThreadLab run `" + run.runId() + "`" + (run.profile() == null ? "" : ", profile " + run.profile())
                + ", " + run.status() + (run.jdkVersion() == null ? "" : ", JDK " + run.jdkVersion())
                + ", " + report.description().databaseName() + ". SLO: " + a.slo.describe()
                + ". Generator-limited levels count neither way. Highest load meeting the SLO in " + a.headline
                + ":\n\n";
    }

    private String scenario(String scenario, List<LevelChart> list) {
        StringBuilder m = new StringBuilder("\n## ").append(scenario).append("\n\n");
        String note = ScenarioNotes.of(scenario, a.run);
        if (note != null) {
            m.append(note).append("\n\n");
        }
        if (scenario.equals(StallSimulation.NAME)) {
            List<String> lines = report.stallSentences();
            lines.forEach(l -> m.append("- ").append(Markdown.esc(l)).append('\n'));
            if (!lines.isEmpty()) {
                m.append('\n');
            }
        }
        if (scenario.equals(C10kSimulation.NAME) && report.c10k() != null) {
            m.append(report.c10k().markdown()).append('\n');
        }
        for (LevelChart c : list) {
            String png = "charts/" + c.id + ".png";
            if (Files.isRegularFile(a.run.dir().resolve(png))) {
                m.append("![").append(Markdown.esc(c.title)).append("](").append(png).append(")\n");
            }
        }
        List<String> links = new ArrayList<>();
        for (String server : a.servers) {
            String rel = a.run.gatlingReport(server, scenario);
            if (rel != null) {
                links.add("[" + server + "](" + rel + ")");
            }
        }
        if (!links.isEmpty()) {
            m.append("\nGatling reports: ").append(String.join(" · ", links)).append('\n');
        }
        return m.toString();
    }
}
