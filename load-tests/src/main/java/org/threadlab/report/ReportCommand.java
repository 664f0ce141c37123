package org.threadlab.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab report [RUN]}: rebuilds a run's report from its raw data, without rerunning the load. */
@Command(name = "report", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {"Rebuild the report of an existing run from its raw data (no load is run):",
                "RUN/index.html, summary.md, summary.json, summary.csv and charts/."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", defaultValue = "results/latest",
            description = "the run folder (default: ${DEFAULT-VALUE})")
    Path run;

    @Mixin
    SloMixin sloOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path index = Reports.write(run, sloOptions.slo());
            out.println("report: open " + index);
            out.flush();
            return 0;
        } catch (ReportException e) {
            err.println("report: " + oneLine(e.getMessage()));
            err.flush();
            return 1;
        }
    }

    static String oneLine(String message) {
        return message == null ? "failed" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
