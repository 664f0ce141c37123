package org.threadlab.report;

import java.nio.file.Path;

/**
 * The report's entry points for code: the lab's {@code run} calls {@link #write} at the end of
 * every run (complete or not); {@code report} and {@code compare} call the same.
 */
public final class Reports {
    private Reports() {
    }

    /**
     * Writes results/&lt;run&gt;/index.html, summary.md, summary.json, summary.csv and charts/ from the
     * run's raw data.
     *
     * @return the index.html written
     * @throws ReportException (one-line message) when the folder is not a run or cannot be written
     */
    public static Path write(Path runDir, SloOptions slo) {
        RunAnalysis analysis = new RunAnalysis(RunData.read(runDir), slo);
        return new ReportWriter(analysis).write();
    }

    /** {@link #write(Path, SloOptions)} with the default SLO. */
    public static Path write(Path runDir) {
        return write(runDir, SloOptions.defaults());
    }

    /**
     * Writes the comparison of two runs into {@code outDir} (null: results/compare-&lt;A&gt;-vs-&lt;B&gt;
     * beside run A).
     *
     * @return the index.html written
     */
    public static Path compare(Path runA, Path runB, Path outDir, SloOptions slo) {
        RunAnalysis a = new RunAnalysis(RunData.read(runA), slo);
        RunAnalysis b = new RunAnalysis(RunData.read(runB), slo);
        Path out = outDir != null ? outDir : defaultCompareDir(a.run, b.run);
        return new CompareWriter(a, b, out).write();
    }

    static Path defaultCompareDir(RunData a, RunData b) {
        Path parent = a.dir().toAbsolutePath().normalize().getParent();
        return parent.resolve("compare-" + a.runId() + "-vs-" + b.runId());
    }
}
