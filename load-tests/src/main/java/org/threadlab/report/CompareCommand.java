package org.threadlab.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab compare RUN_A RUN_B}: two runs side by side, written as a report of its own. */
@Command(name = "compare", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {"Compare two runs (e.g. JDK 21 vs 25, 200 vs 1000 workers): a diff table with B/A ratios",
                "and overlaid charts (A solid, B dashed), written to OUT/index.html, summary.md and charts/."})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_A", description = "the baseline run folder")
    Path runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "the run compared with it")
    Path runB;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where to write (default: results/compare-<A>-vs-<B> beside RUN_A)")
    Path out;

    @Mixin
    SloMixin sloOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path index = Reports.compare(runA, runB, out, sloOptions.slo());
            stdout.println("compare: open " + index);
            stdout.flush();
            return 0;
        } catch (ReportException e) {
            err.println("compare: " + ReportCommand.oneLine(e.getMessage()));
            err.flush();
            return 1;
        }
    }
}
