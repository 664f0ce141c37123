package org.threadlab.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Two runs level by level: for every (server, scenario, level) of either run, the figures of A
 * and B and the ratio B / A of throughput, p50, p99, CPU per 1,000 requests and RSS.
 */
record RunDiff(List<String> servers, List<String> scenarios, List<Row> rows) {

    enum Metric {
        THROUGHPUT("throughput", true, LevelPoint::throughputRps),
        P50("p50", false, LevelPoint::p50Ms),
        P99("p99", false, LevelPoint::p99Ms),
        CPU_PER_1K("CPU / 1k req", false, LevelPoint::cpuMsPer1kReq),
        RSS("RSS", false, LevelPoint::rssMb);

        final String label;
        /** Whether a ratio above 1 is an improvement. */
        final boolean higherIsBetter;
        final Function<LevelPoint, Double> value;

        Metric(String label, boolean higherIsBetter, Function<LevelPoint, Double> value) {
            this.label = label;
            this.higherIsBetter = higherIsBetter;
            this.value = value;
        }

        String format(Double v) {
            return switch (this) {
                case THROUGHPUT -> Numbers.rps(v);
                case RSS -> Numbers.mb(v);
                default -> Numbers.ms(v);
            };
        }
    }

    /** One level of one server in one scenario; {@code a} or {@code b} is null when only one run has it. */
    record Row(String server, String scenario, LevelPoint.XKey x, LevelPoint a, LevelPoint b) {
        Double a(Metric m) {
            return a == null ? null : m.value.apply(a);
        }

        Double b(Metric m) {
            return b == null ? null : m.value.apply(b);
        }

        /** B / A, or null when either is missing or A is zero. */
        Double ratio(Metric m) {
            Double va = a(m);
            Double vb = b(m);
            return va == null || vb == null || va == 0 ? null : vb / va;
        }

        boolean generatorLimited() {
            return (a != null && a.generatorLimited()) || (b != null && b.generatorLimited());
        }
    }

    static RunDiff of(RunAnalysis a, RunAnalysis b) {
        LinkedHashSet<String> servers = new LinkedHashSet<>(a.servers);
        servers.addAll(b.servers);
        LinkedHashSet<String> scenarios = new LinkedHashSet<>(a.scenarios);
        scenarios.addAll(b.scenarios);
        List<Row> rows = new ArrayList<>();
        for (String scenario : scenarios) {
            List<LevelPoint.XKey> axis = axis(a, b, scenario);
            for (String server : servers) {
                for (LevelPoint.XKey x : axis) {
                    LevelPoint pa = a.at(server, scenario, x);
                    LevelPoint pb = b.at(server, scenario, x);
                    if (pa != null || pb != null) {
                        rows.add(new Row(server, scenario, x, pa, pb));
                    }
                }
            }
        }
        return new RunDiff(List.copyOf(servers), List.copyOf(scenarios), rows);
    }

    /** The union of both runs' levels of a scenario, in load order. */
    static List<LevelPoint.XKey> axis(RunAnalysis a, RunAnalysis b, String scenario) {
        TreeSet<LevelPoint.XKey> x = new TreeSet<>(a.axis(scenario));
        x.addAll(b.axis(scenario));
        return List.copyOf(x);
    }

    List<Row> rows(String scenario) {
        return rows.stream().filter(r -> r.scenario().equals(scenario)).toList();
    }

    Row row(String server, String scenario, LevelPoint.XKey x) {
        return rows.stream().filter(r -> r.server().equals(server) && r.scenario().equals(scenario)
                && r.x().equals(x)).findFirst().orElse(null);
    }
}
