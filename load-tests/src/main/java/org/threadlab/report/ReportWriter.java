package org.threadlab.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.threadlab.load.StallSimulation;

/**
 * Writes a run's report beside its raw data: index.html ({@link IndexPage}), summary.md with
 * charts/*.png ({@link SummaryMarkdown}), summary.json and summary.csv. Each section is judged once
 * here and rendered per format by its own class.
 */
final class ReportWriter {
    private final RunAnalysis a;
    private final Path dir;
    private final RunDescription description;
    private final Summary summary;
    private final ClaimsSection claims;
    /** The model × engine section, or null for a run with one engine per model. */
    private final EngineMatrix engines;
    /** The c10k scenario's side-by-side table, or null when it did not run. */
    private final C10kTable c10k;

    ReportWriter(RunAnalysis analysis) {
        this.a = analysis;
        this.dir = analysis.run.dir();
        this.description = new RunDescription(analysis.run);
        this.summary = new Summary(analysis);
        this.claims = new ClaimsSection(analysis, Claims.of(analysis));
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
            writeAtomically(dir.resolve("summary.csv"), summary.csv());
            writeAtomically(dir.resolve("summary.md"), new SummaryMarkdown(this, charts).markdown());
            Path index = dir.resolve("index.html");
            writeAtomically(index, new IndexPage(this, charts).html());
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

    String summaryJson() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("runId", a.run.runId());
        root.put("status", a.run.status());
        root.put("profile", a.run.profile());
        root.put("slo", Map.of("p99Ms", a.slo.p99Ms(), "errorsPct", a.slo.errorsPct()));
        root.put("headlineScenario", a.headline);
        root.put("servers", summary.json());
        root.put("engines", engines == null ? null : engines.json());
        root.put("c10k", c10k == null ? null : c10k.json());
        root.put("claims", claims.json());
        root.put("warnings", a.warnings);
        return RunData.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }

    /** The stall scenario's sentence of every server that ran it. */
    List<String> stallSentences() {
        return a.servers.stream().map(server -> Stall.of(server, a.points(server, StallSimulation.NAME)))
                .filter(Objects::nonNull).map(Stall::sentence).toList();
    }

    String title() {
        return "ThreadLab run " + a.run.runId() + ": " + String.join(" vs ", a.servers);
    }

    RunAnalysis analysis() {
        return a;
    }

    RunDescription description() {
        return description;
    }

    Summary summary() {
        return summary;
    }

    ClaimsSection claims() {
        return claims;
    }

    EngineMatrix engines() {
        return engines;
    }

    C10kTable c10k() {
        return c10k;
    }
}
