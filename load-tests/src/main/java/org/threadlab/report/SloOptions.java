package org.threadlab.report;

/**
 * The service-level objective a level must meet to count: p99 at most {@code p99Ms} and at
 * most {@code errorsPct} percent of requests failed.
 */
public record SloOptions(double p99Ms, double errorsPct) {
    public static final double DEFAULT_P99_MS = 500;
    public static final double DEFAULT_ERRORS_PCT = 1;

    public SloOptions {
        if (!(p99Ms > 0) || !(errorsPct >= 0) || errorsPct > 100) {
            throw new ReportException("the SLO needs p99 > 0 ms and errors between 0 and 100 %, not p99 "
                    + p99Ms + " ms and errors " + errorsPct + " %");
        }
    }

    public static SloOptions defaults() {
        return new SloOptions(DEFAULT_P99_MS, DEFAULT_ERRORS_PCT);
    }

    /** True when the level has measurements and meets both halves of the objective. */
    boolean met(LevelPoint p) {
        return p.p99Ms() != null && p.requests() > 0 && p.p99Ms() <= p99Ms && p.errorPct() <= errorsPct;
    }

    /** "p99 ≤ 500 ms and errors ≤ 1%". */
    String describe() {
        return "p99 \u2264 " + Numbers.ms(p99Ms) + " and errors \u2264 " + Numbers.pct(errorsPct);
    }
}
