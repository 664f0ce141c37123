package org.threadlab.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.threadlab.load.Scenarios;

/**
 * One (server, scenario, level, step) over all its repeats: the median of each figure, the
 * spread (min..max) of throughput and p99, summed request counts, and generator-limited when
 * any repeat was. Its {@code limitedBy} is that of most repeats (the first such repeat's reason);
 * a generator or machine limit in any repeat wins, as it makes the level not count.
 */
record LevelPoint(String server, String scenario, String loadModel, double level, String levelUnit, String step,
                  int repeats, long requests, long ko, Map<String, Long> koByCause, Double throughputRps,
                  Double throughputMin, Double throughputMax, Double p50Ms, Double p90Ms, Double p99Ms,
                  Double p99Min, Double p99Max, Double maxMs, Double littleBoundRps, Double workersBoundRps,
                  Double dbPoolBoundRps, Double serverCpuPct, Double cpuMsPer1kReq, Double rssMb, Double rssMbMax,
                  Double heapMb, Double heapMbMax, Double liveThreads, Double generatorCpuPct,
                  boolean generatorLimited, List<String> generatorLimitedReasons, String limitedBy,
                  String limitedByReason, Double serverCapacityCores, Double serverCpuLimit,
                  Map<String, Spread> spreads, Double inFlight, Double workersQueued, Double dbCpuPct,
                  Double dbRssMb, Long dbPoolWaits, Long pinnedEvents, String pinnedTopStack,
                  Double contextSwitchesPer1kReq, Map<String, LevelRow.RoleThreads> threadStates, Double gcCount,
                  Double gcTimeMs) {

    /** The lowest and highest value of one figure over the repeats. */
    record Spread(Double min, Double max) {
    }

    /** The figures whose spread over the repeats is kept beside throughput's and p99's. */
    static final List<String> SPREAD_FIGURES = List.of("cpuMsPer1kReq", "rssMb", "liveThreads");

    /** The order of the steps of one level on the x axis. */
    static final List<String> STEP_ORDER = Scenarios.stepOrder();

    static final Comparator<LevelPoint> BY_LOAD = Comparator
            .comparingInt((LevelPoint p) -> stepRank(p.step()))
            .thenComparingDouble(LevelPoint::level)
            .thenComparing(LevelPoint::step);

    /** Groups rows by (server, scenario, level, step), in server, scenario, load order. */
    static List<LevelPoint> aggregate(Collection<LevelRow> rows) {
        Map<List<Object>, List<LevelRow>> groups = new LinkedHashMap<>();
        for (LevelRow r : rows) {
            groups.computeIfAbsent(List.of(r.server(), r.scenario(), r.level(), r.step()), k -> new ArrayList<>())
                    .add(r);
        }
        List<LevelPoint> out = new ArrayList<>();
        groups.values().forEach(g -> out.add(of(g)));
        List<String> servers = rows.stream().map(LevelRow::server).distinct().toList();
        List<String> scenarios = rows.stream().map(LevelRow::scenario).distinct().toList();
        out.sort(Comparator.comparingInt((LevelPoint p) -> servers.indexOf(p.server()))
                .thenComparingInt(p -> scenarios.indexOf(p.scenario()))
                .thenComparing(BY_LOAD));
        return out;
    }

    static LevelPoint of(List<LevelRow> g) {
        LevelRow first = g.get(0);
        Map<String, Long> causes = new TreeMap<>();
        g.forEach(r -> r.koByCause().forEach((k, v) -> causes.merge(k, v, Long::sum)));
        LevelRow limit = limit(g);
        LinkedHashSet<String> reasons = new LinkedHashSet<>();
        g.stream().filter(LevelRow::generatorLimited)
                .forEach(r -> reasons.add(r.generatorLimitedReason() == null ? "generator-limited"
                        : r.generatorLimitedReason()));
        return new LevelPoint(first.server(), first.scenario(), first.loadModel(), first.level(), first.levelUnit(),
                first.step(), g.size(), g.stream().mapToLong(LevelRow::requests).sum(),
                g.stream().mapToLong(LevelRow::ko).sum(), causes,
                median(g, LevelRow::throughputRps), min(g, LevelRow::throughputRps), max(g, LevelRow::throughputRps),
                median(g, LevelRow::p50Ms), median(g, LevelRow::p90Ms), median(g, LevelRow::p99Ms),
                min(g, LevelRow::p99Ms), max(g, LevelRow::p99Ms), max(g, LevelRow::maxMs),
                median(g, LevelRow::littleBoundRps), median(g, LevelRow::workersBoundRps),
                median(g, LevelRow::dbPoolBoundRps), median(g, LevelRow::serverCpuPct),
                median(g, LevelRow::serverCpuMsPer1kReq), median(g, LevelRow::serverRssMbMean),
                max(g, LevelRow::serverRssMbMax), median(g, LevelRow::heapUsedMbMean), max(g, LevelRow::heapUsedMbMax),
                max(g, LevelRow::liveThreadsMax), max(g, LevelRow::generatorCpuPct), !reasons.isEmpty(),
                List.copyOf(reasons), limit == null ? null : limit.limitedBy(), limit == null ? null
                : limit.limitedByReason(), median(g, LevelRow::serverCapacityCores), median(g, LevelRow::serverCpuLimit),
                Map.of("cpuMsPer1kReq", spread(g, LevelRow::serverCpuMsPer1kReq), "rssMb", spread(g, LevelRow::serverRssMbMean),
                        "liveThreads", spread(g, LevelRow::liveThreadsMax)),
                max(g, r -> r.inFlightMax() == null ? null : r.inFlightMax().doubleValue()),
                median(g, LevelRow::workersQueuedMean), median(g, LevelRow::dbCpuPct), median(g, LevelRow::dbRssMbMean),
                g.stream().allMatch(r -> r.dbPoolWaits() == null) ? null
                        : g.stream().mapToLong(r -> r.dbPoolWaits() == null ? 0 : r.dbPoolWaits()).sum(),
                g.stream().allMatch(r -> r.pinnedEvents() == null) ? null
                        : g.stream().mapToLong(r -> r.pinnedEvents() == null ? 0 : r.pinnedEvents()).sum(),
                g.stream().map(LevelRow::pinnedTopStack).filter(java.util.Objects::nonNull).findFirst().orElse(null),
                median(g, LevelRow::contextSwitchesPer1kReq), threadStates(g),
                median(g, r -> r.gcCount() == null ? null : r.gcCount().doubleValue()),
                median(g, r -> r.gcTimeMs() == null ? null : r.gcTimeMs().doubleValue()));
    }

    /** Each role's mean threads and running threads over the repeats that read them; null when none did. */
    private static Map<String, LevelRow.RoleThreads> threadStates(List<LevelRow> g) {
        List<Map<String, LevelRow.RoleThreads>> read = g.stream().map(LevelRow::threadStates)
                .filter(java.util.Objects::nonNull).filter(m -> !m.isEmpty()).toList();
        if (read.isEmpty()) {
            return null;
        }
        Map<String, LevelRow.RoleThreads> out = new TreeMap<>();
        read.stream().flatMap(m -> m.keySet().stream()).distinct().forEach(role -> out.put(role, new LevelRow.RoleThreads(
                read.stream().mapToDouble(m -> m.containsKey(role) ? m.get(role).threads() : 0).average().orElse(0),
                read.stream().mapToDouble(m -> m.containsKey(role) ? m.get(role).running() : 0).average().orElse(0))));
        return out;
    }

    private static Spread spread(List<LevelRow> g, Function<LevelRow, Double> f) {
        return new Spread(min(g, f), max(g, f));
    }

    /** The spread of a figure ({@link #SPREAD_FIGURES}), or of req/s per core; null for one repeat or no data. */
    Spread spreadOf(String figure) {
        if (repeats < 2) {
            return null;
        }
        if (figure.equals("rpsPerCore")) {
            return throughputMin == null || serverCapacityCores == null || serverCapacityCores <= 0 ? null
                    : new Spread(throughputMin / serverCapacityCores, throughputMax / serverCapacityCores);
        }
        Spread s = spreads == null ? null : spreads.get(figure);
        return s == null || s.min() == null || s.max() == null ? null : s;
    }

    /** The row whose limit stands for the level: a generator or machine limit, else the most frequent one. */
    private static LevelRow limit(List<LevelRow> g) {
        for (LevelRow r : g) {
            if ("generator".equals(r.limitedBy()) || "machine".equals(r.limitedBy())) {
                return r;
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        g.stream().filter(r -> r.limitedBy() != null).forEach(r -> counts.merge(r.limitedBy(), 1L, Long::sum));
        String most = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        return most == null ? null : g.stream().filter(r -> most.equals(r.limitedBy())).findFirst().orElseThrow();
    }

    /** Throughput per core of CPU the server may use (its budget, else its CPU set), or null. */
    Double rpsPerCore() {
        return throughputRps == null || serverCapacityCores == null || serverCapacityCores <= 0 ? null
                : throughputRps / serverCapacityCores;
    }

    /** The median of the non-null values (mean of the middle two for an even count), or null. */
    static Double median(List<LevelRow> g, Function<LevelRow, Double> f) {
        List<Double> v = g.stream().map(f).filter(Objects::nonNull).sorted().toList();
        if (v.isEmpty()) {
            return null;
        }
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static Double min(List<LevelRow> g, Function<LevelRow, Double> f) {
        return g.stream().map(f).filter(Objects::nonNull).min(Double::compare).orElse(null);
    }

    private static Double max(List<LevelRow> g, Function<LevelRow, Double> f) {
        return g.stream().map(f).filter(Objects::nonNull).max(Double::compare).orElse(null);
    }

    static int stepRank(String step) {
        int i = STEP_ORDER.indexOf(step);
        return i < 0 ? STEP_ORDER.size() : i;
    }

    boolean closed() {
        return "closed".equals(loadModel);
    }

    /** Failed requests in percent of all requests (0 when nothing was sent). */
    double errorPct() {
        return requests == 0 ? 0 : 100.0 * ko / requests;
    }

    /** The x position key shared by every server: level and step. */
    XKey x() {
        return new XKey(level, step, levelUnit);
    }

    /** "800 clients", "6,000 req/s", "burst 10,000 req/s". */
    String label() {
        return x().label();
    }

    /** A level and step on the x axis of a scenario. */
    record XKey(double level, String step, String levelUnit) implements Comparable<XKey> {
        String label() {
            String load = Numbers.number(level) + ("clients".equals(levelUnit) ? " clients" : " req/s");
            return LevelRow.MEASURE.equals(step) ? load : step + " " + load;
        }

        /** The label on two short lines for a chart axis. */
        String tick() {
            String load = Numbers.number(level);
            return LevelRow.MEASURE.equals(step) ? load : step + " " + load;
        }

        @Override
        public int compareTo(XKey o) {
            int c = Integer.compare(stepRank(step), stepRank(o.step));
            if (c != 0) {
                return c;
            }
            c = Double.compare(level, o.level);
            return c != 0 ? c : step.compareTo(o.step);
        }
    }
}
