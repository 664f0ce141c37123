/**
 * The comparison report: reads a lab run's raw data (results/&lt;run&gt;/levels.json, run.json,
 * environment.json), works out where each server stops meeting the SLO and why, and writes one
 * self-contained page (index.html with inline SVG charts), summary.md with PNG charts, and
 * summary.json / summary.csv; {@code compare} does the same for two runs side by side.
 *
 * <p>Entry points: {@link org.threadlab.report.Reports} (called by the lab at the end of a
 * run), {@link org.threadlab.report.ReportCommand} and
 * {@link org.threadlab.report.CompareCommand} (picocli subcommands). Charts are drawn by
 * JFreeChart, to SVG through JFreeSVG and to PNG through JFreeChart's own encoder.
 */
package org.threadlab.report;
