package org.threadlab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Everything the report says about one run, computed once from its raw data and the SLO. */
final class RunAnalysis {
    static final String HEADLINE_SCENARIO = "capacity";

    final RunData run;
    final SloOptions slo;
    final List<LevelPoint> points;
    final List<String> servers;
    final List<String> scenarios;
    /** The scenario the summary table and the verdicts lead with. */
    final String headline;
    final Map<String, Map<String, SloKnee>> knees = new LinkedHashMap<>();
    final Map<String, Map<String, Breakdown>> breakdowns = new LinkedHashMap<>();
    /** Where each server broke per scenario; a scenario is absent where no counted level broke. */
    final Map<String, Map<String, BreakPoint>> breaks = new LinkedHashMap<>();
    final Map<String, String> verdicts = new LinkedHashMap<>();
    /** Per server, the knee and the break of the headline scenario in each repeat ("800 clients; breaks at ..."). */
    final Map<String, List<String>> byRepeat = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();

    RunAnalysis(RunData run, SloOptions slo) {
        this.run = run;
        this.slo = slo;
        this.points = LevelPoint.aggregate(run.rows());
        this.servers = run.servers().stream().filter(s -> points.stream().anyMatch(p -> p.server().equals(s)))
                .toList();
        this.scenarios = run.scenarios().stream().filter(s -> points.stream().anyMatch(p -> p.scenario().equals(s)))
                .toList();
        this.headline = scenarios.contains(HEADLINE_SCENARIO) ? HEADLINE_SCENARIO
                : scenarios.stream().filter(s -> points.stream().anyMatch(p -> p.scenario().equals(s) && p.closed()))
                .findFirst().orElse(scenarios.isEmpty() ? HEADLINE_SCENARIO : scenarios.get(0));
        for (String server : servers) {
            Map<String, SloKnee> k = new LinkedHashMap<>();
            Map<String, Breakdown> b = new LinkedHashMap<>();
            Map<String, BreakPoint> br = new LinkedHashMap<>();
            for (String scenario : scenarios) {
                List<LevelPoint> pts = points(server, scenario);
                if (!pts.isEmpty()) {
                    k.put(scenario, SloKnee.find(pts, slo));
                    b.put(scenario, Breakdown.find(pts, slo));
                    BreakPoint bp = BreakPoint.find(pts, slo);
                    if (bp != null) {
                        br.put(scenario, bp);
                    }
                }
            }
            breaks.put(server, br);
            knees.put(server, k);
            breakdowns.put(server, b);
            Map<String, Breakdown> others = new LinkedHashMap<>(b);
            others.remove(headline);
            String verdict = Verdict.sentence(server, points(server, headline), slo, others, run.setting("workers"));
            List<String> repeats = repeatOutcomes(server);
            byRepeat.put(server, repeats);
            if (repeats.stream().map(r -> r.substring(r.indexOf(':'))).distinct().count() > 1) {
                verdict += " The repeats disagree: " + String.join(" | ", repeats) + ".";
            }
            verdicts.put(server, verdict);
        }
        collectWarnings();
    }

    /** The knee and the break of the headline scenario, one repeat at a time; empty for a single repeat. */
    private List<String> repeatOutcomes(String server) {
        List<Integer> repeats = run.rows().stream().filter(r -> r.server().equals(server)
                && r.scenario().equals(headline)).map(LevelRow::repeat).distinct().sorted().toList();
        List<String> out = new ArrayList<>();
        if (repeats.size() < 2) {
            return out;
        }
        for (int repeat : repeats) {
            List<LevelPoint> pts = LevelPoint.aggregate(run.rows().stream().filter(r -> r.server().equals(server)
                    && r.scenario().equals(headline) && r.repeat() == repeat).toList());
            BreakPoint b = BreakPoint.find(pts, slo);
            out.add("repeat " + repeat + ": knee " + SloKnee.find(pts, slo).label() + ", "
                    + (b == null ? "did not break" : "breaks at " + b.at().label()
                    + (b.limitedBy() == null ? "" : " (" + b.limitedBy() + ")")));
        }
        return out;
    }

    private void collectWarnings() {
        if (!run.complete()) {
            warnings.add("Incomplete run (status " + run.status() + ")" + (run.reason() == null ? "" : ": " + run.reason())
                    + ". Missing levels are not failures of the server.");
        }
        warnings.addAll(run.warnings());
        for (String server : run.servers()) {
            if (!servers.contains(server)) {
                warnings.add(server + ": no level was measured");
            }
        }
        for (LevelPoint p : points) {
            if (p.generatorLimited()) {
                String by = "machine".equals(p.limitedBy()) ? "Machine-limited (other processes took CPU)"
                        : "Generator-limited";
                warnings.add(by + ": " + p.server() + " " + p.scenario() + " at " + p.label() + " ("
                        + String.join("; ", p.generatorLimitedReasons())
                        + "). Excluded from the SLO verdicts; greyed in the charts.");
            }
        }
    }

    List<LevelPoint> points(String server, String scenario) {
        return points.stream().filter(p -> p.server().equals(server) && p.scenario().equals(scenario)).toList();
    }

    List<LevelPoint> points(String scenario) {
        return points.stream().filter(p -> p.scenario().equals(scenario)).toList();
    }

    /** Every level and step of a scenario across servers, in load order: the x axis. */
    List<LevelPoint.XKey> axis(String scenario) {
        return List.copyOf(new TreeSet<>(points(scenario).stream().map(LevelPoint::x).toList()));
    }

    /** The point of a server at an x position, or null. */
    LevelPoint at(String server, String scenario, LevelPoint.XKey x) {
        return points.stream().filter(p -> p.server().equals(server) && p.scenario().equals(scenario)
                && p.x().equals(x)).findFirst().orElse(null);
    }

    /** x positions where at least one server was generator-limited, with those servers. */
    Map<LevelPoint.XKey, List<String>> generatorLimited(String scenario) {
        Map<LevelPoint.XKey, List<String>> m = new LinkedHashMap<>();
        for (LevelPoint.XKey x : axis(scenario)) {
            List<String> who = points(scenario).stream().filter(p -> p.x().equals(x) && p.generatorLimited())
                    .map(LevelPoint::server).toList();
            if (!who.isEmpty()) {
                m.put(x, who);
            }
        }
        return m;
    }

    /** The load model of a scenario in words for an axis. */
    String xAxisLabel(String scenario) {
        List<LevelPoint> pts = points(scenario);
        boolean closed = !pts.isEmpty() && pts.get(0).closed();
        boolean phases = pts.stream().anyMatch(p -> !LevelRow.MEASURE.equals(p.step()));
        if (closed) {
            return "concurrent clients (closed model)";
        }
        return (phases ? "phase, " : "") + "offered rate, req/s (open model)";
    }
}
