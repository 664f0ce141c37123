package org.threadlab.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.threadlab.load.StallSimulation;

/**
 * The summary: per server and scenario, the highest load that meets the SLO, its figures and where
 * the server broke. Its columns are defined once ({@link #table}); index.html and summary.md show
 * the headline scenario's rows, summary.json and summary.csv publish every row.
 */
final class Summary {
    static final String FIGURES_NOTE = "req/s per core = throughput there divided by the CPU the server may use "
            + "(its CPU budget, else its CPU set). Memory per 1,000 in flight = the growth of RSS / used heap from the "
            + "lowest level to there, per 1,000 more clients. CPU per 1,000 requests is server process CPU time; "
            + "memory there is the mean over the measured window. Breaks at = the first counted level that misses "
            + "the SLO or whose throughput falls below " + Math.round(BreakPoint.FOLLOWS * 100)
            + "% of its bound while its CPU, workers or database pool is the named limit, with that limit. "
            + "With repeats, each figure is the median and (lowest–highest) its spread; memory per 1,000 in flight "
            + "is computed from the medians, so it has none.";

    /** Published in summary.json inside each server's entry, so not per scenario. */
    private static final Set<String> SERVER_KEYS = Set.of("server", "scenario", "verdict");

    /** One server in one scenario: its knee, how it broke, and its levels. */
    record Knee(String server, String scenario, SloKnee knee, Breakdown breakdown, BreakPoint broke,
                List<LevelPoint> points, String verdict) {
        LevelPoint at() {
            return knee.point();
        }

        PerInFlight memory() {
            return at() == null ? null : PerInFlight.of(points, at());
        }

        Stall stall() {
            return scenario.equals(StallSimulation.NAME) ? Stall.of(server, points) : null;
        }

        /** A figure at the knee, or null where the knee has no level. */
        Object of(java.util.function.Function<LevelPoint, ?> figure) {
            return at() == null ? null : figure.apply(at());
        }
    }

    private final RunAnalysis a;
    private final List<Knee> knees = new ArrayList<>();

    Summary(RunAnalysis a) {
        this.a = a;
        for (String server : a.servers) {
            for (String scenario : a.scenarios) {
                SloKnee k = a.knees.get(server).get(scenario);
                if (k != null) {
                    knees.add(new Knee(server, scenario, k, a.breakdowns.get(server).get(scenario),
                            a.breaks.get(server).get(scenario), a.points(server, scenario),
                            scenario.equals(a.headline) ? a.verdicts.get(server) : null));
                }
            }
        }
    }

    /** The headline scenario's rows, as index.html and summary.md show them. */
    Table<Knee> headline() {
        return table(knees.stream().filter(k -> k.scenario().equals(a.headline)).toList());
    }

    /**
     * The summary's columns, once: a header and display text for the pages, a key and the figure behind
     * it for summary.json and summary.csv; {@code data} columns are published only.
     */
    static Table<Knee> table(List<Knee> rows) {
        return new Table<>(rows)
                .text("Server", Knee::server).key("server").cellHtml(k -> Html.server(k.server())).strong()
                .data("scenario", Knee::scenario)
                .data("sloLevel", k -> k.of(LevelPoint::level))
                .data("sloStep", k -> k.of(LevelPoint::step))
                .data("levelUnit", k -> k.of(LevelPoint::levelUnit))
                .text("Highest load meeting the SLO", k -> k.knee().label()).key("sloLabel").strong()
                .text("Breaks at, limited by", Summary::breaksAt)
                .value("req/s per core", k -> k.of(LevelPoint::rpsPerCore),
                        k -> k.at() == null ? "–" : perCore(k.at()) + spread(k.at(), "rpsPerCore")).key("rpsPerCore")
                .value("Memory per 1,000 in flight", k -> k.memory() == null ? null : k.memory().rssMb(),
                        Summary::perInFlight).key("rssMbPer1kInFlight")
                .data("heapMbPer1kInFlight", k -> k.memory() == null ? null : k.memory().heapMb())
                .value("Throughput there", k -> k.of(LevelPoint::throughputRps), k -> k.at() == null ? "–"
                        : Numbers.rps(k.at().throughputRps()) + Numbers.spread(k.at().throughputMin(),
                        k.at().throughputMax(), k.at().repeats())).key("throughputRps")
                .data("p50Ms", k -> k.of(LevelPoint::p50Ms))
                .value("p99 there", k -> k.of(LevelPoint::p99Ms), k -> k.at() == null ? "–"
                        : Numbers.ms(k.at().p99Ms()) + Numbers.spread(k.at().p99Min(), k.at().p99Max(),
                        k.at().repeats())).key("p99Ms")
                .data("errorsPct", k -> k.of(LevelPoint::errorPct))
                .text("Memory there", k -> memory(k.at()))
                .data("rssMb", k -> k.of(LevelPoint::rssMb))
                .data("heapUsedMb", k -> k.of(LevelPoint::heapMb))
                .value("Platform threads there", k -> k.of(LevelPoint::liveThreads), k -> k.at() == null
                        || k.at().liveThreads() == null ? "–" : Numbers.count(k.at().liveThreads())
                        + spread(k.at(), "liveThreads")).key("liveThreads")
                .value("CPU per 1,000 requests", k -> k.of(LevelPoint::cpuMsPer1kReq), k -> k.at() == null
                        || k.at().cpuMsPer1kReq() == null ? "–" : Numbers.ms(k.at().cpuMsPer1kReq())
                        + spread(k.at(), "cpuMsPer1kReq")).key("cpuMsPer1kReq")
                .data("cpuMsPerRequest", k -> k.at() == null || k.at().cpuMsPer1kReq() == null ? null
                        : k.at().cpuMsPer1kReq() / 1000)
                .data("fractionOfBound", k -> k.of(Bounds::fraction))
                .data("generatorLimitedLevelsExcluded", k -> k.knee().excluded())
                .data("spread", k -> k.at() == null || k.at().repeats() < 2 ? null : spreads(k.at()))
                .data("stall", k -> stallJson(k.stall()))
                .data("broke", k -> k.breakdown().kind().word())
                .data("brokeAt", k -> k.broke() == null ? null : k.broke().at().label())
                .data("brokeAtLevel", k -> k.broke() == null ? null : k.broke().at().level())
                .data("brokeBecause", k -> k.broke() == null ? null : k.broke().because())
                .data("limitedBy", k -> k.broke() == null ? null : k.broke().limitedBy())
                .data("limitedByReason", k -> k.broke() == null ? null : k.broke().at().limitedByReason())
                .data("sloMissedAt", k -> k.breakdown().at() == null ? null : k.breakdown().at().label())
                .text("Where it broke and how", k -> k.breakdown().how()).key("how").cellClass(k -> "how")
                .data("verdict", Knee::verdict);
    }

    /** The headline table with each server's verdict in a row of its own under it. */
    String html() {
        Table<Knee> t = headline();
        return t.afterRowHtml(k -> "<tr class=\"verdict\"><td colspan=\"" + t.shownColumns()
                        + "\" style=\"border-left: 4px solid " + Palette.css(k.server()) + "\"><b>Verdict:</b> "
                        + Html.esc(k.verdict()) + "</td></tr>\n").html("summary")
                + "<p class=\"note\">“There” = at the highest load meeting the SLO. " + FIGURES_NOTE + "</p>\n";
    }

    String markdown() {
        return headline().markdown() + "\n“There” = at the highest load meeting the SLO. " + FIGURES_NOTE + '\n';
    }

    /** summary.json's servers: per server its verdict and, per scenario, every published figure. */
    List<Object> json() {
        List<Object> servers = new ArrayList<>();
        List<Map<String, Object>> rows = table(knees).json(key -> !SERVER_KEYS.contains(key));
        for (String server : a.servers) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("server", server);
            s.put("verdict", a.verdicts.get(server));
            Map<String, Object> scenarios = new LinkedHashMap<>();
            for (int i = 0; i < knees.size(); i++) {
                if (knees.get(i).server().equals(server)) {
                    scenarios.put(knees.get(i).scenario(), rows.get(i));
                }
            }
            s.put("scenarios", scenarios);
            servers.add(s);
        }
        return servers;
    }

    /** summary.csv: one line per server and scenario, every published figure that is not a list or a map. */
    String csv() {
        return table(knees).csv(key -> !key.equals("spread") && !key.equals("stall"));
    }

    /** "800 clients: server-cpu", or "did not break". */
    static String breaksAt(Knee k) {
        if (k.broke() == null) {
            return "did not break";
        }
        return k.broke().at().label() + ": " + (k.broke().limitedBy() == null ? "not recorded" : k.broke().limitedBy());
    }

    static String perCore(LevelPoint p) {
        Double v = p.rpsPerCore();
        return v == null ? "–" : Numbers.rps(v);
    }

    private static String perInFlight(Knee k) {
        PerInFlight m = k.memory();
        if (m == null || m.rssMb() == null) {
            return "–";
        }
        return Numbers.mb(m.rssMb()) + " RSS / " + (m.heapMb() == null ? "–" : Numbers.mb(m.heapMb())) + " heap";
    }

    private static String memory(LevelPoint p) {
        if (p == null) {
            return "–";
        }
        return Numbers.mb(p.rssMb()) + spread(p, "rssMb") + " RSS / " + Numbers.mb(p.heapMb()) + " heap";
    }

    /** " (lowest–highest)" of a figure over the repeats, or "" for one repeat. */
    static String spread(LevelPoint p, String figure) {
        LevelPoint.Spread s = p.spreadOf(figure);
        return s == null ? "" : Numbers.spread(s.min(), s.max(), p.repeats());
    }

    /** Lowest and highest over the repeats of every figure at the knee that has a spread. */
    private static Map<String, List<Double>> spreads(LevelPoint p) {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        m.put("throughputRps", Arrays.asList(p.throughputMin(), p.throughputMax()));
        m.put("p99Ms", Arrays.asList(p.p99Min(), p.p99Max()));
        for (String f : Stream.concat(Stream.of("rpsPerCore"), LevelPoint.SPREAD_FIGURES.stream()).toList()) {
            LevelPoint.Spread s = p.spreadOf(f);
            m.put(f, s == null ? null : Arrays.asList(s.min(), s.max()));
        }
        return m;
    }

    private static Map<String, Object> stallJson(Stall stall) {
        if (stall == null) {
            return null;
        }
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("baseP99Ms", stall.baseP99Ms());
        st.put("stallP99Ms", stall.stallP99Ms());
        st.put("p99Ratio", stall.ratio());
        st.put("heavyRps", stall.heavyRps());
        st.put("heavyP99Ms", stall.heavyP99Ms());
        return st;
    }
}
