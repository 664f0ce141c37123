package org.threadlab.report;

import picocli.CommandLine.Option;

/** The SLO options of {@code report} and {@code compare}, declared once. */
public final class SloMixin {

    @Option(names = "--slo-p99", paramLabel = "MS", defaultValue = "" + SloOptions.DEFAULT_P99_MS,
            description = "SLO: highest acceptable p99 in ms (default: ${DEFAULT-VALUE})")
    double sloP99Ms;

    @Option(names = "--slo-errors", paramLabel = "PCT", defaultValue = "" + SloOptions.DEFAULT_ERRORS_PCT,
            description = "SLO: highest acceptable share of failed requests in %% (default: ${DEFAULT-VALUE})")
    double sloErrorsPct;

    SloOptions slo() {
        return new SloOptions(sloP99Ms, sloErrorsPct);
    }
}
