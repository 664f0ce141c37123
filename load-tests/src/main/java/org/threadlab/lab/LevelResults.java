package org.threadlab.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.threadlab.load.LevelPlan;
import org.threadlab.load.Phase;
import org.threadlab.load.RequestName;
import org.threadlab.load.ScenarioSpec;
import org.threadlab.load.Scenarios;
import org.threadlab.report.LevelRow;
import org.threadlab.report.ServerNames;

/**
 * Turns one Gatling run (one server, every scenario) plus the resource samples into one row per
 * (server, scenario, level[, spike or faults phase]): the fields of results/README.md, in that order.
 */
final class LevelResults {
    /** A measured (or warm-up) window of one level, in epoch ms. */
    record Window(String scenario, double level, String step, long start, long end) {
        boolean contains(long t) {
            return t >= start && t < end;
        }
    }

    private LevelResults() {
    }

    /** Every window of the run, from the level clocks Gatling announced (warm-up windows included). */
    static List<Window> windows(RunPlan plan, Map<String, Long> levelStarts) {
        List<Window> out = new ArrayList<>();
        for (LevelPlan level : plan.levelPlans()) {
            Long s = levelStarts.get(level.key());
            if (s == null) {
                continue;
            }
            for (Phase phase : level.windows()) {
                out.add(new Window(level.scenario(), phase.level(), phase.step(), s + phase.startMs(), s + phase.endMs()));
            }
        }
        return out;
    }

    static List<LevelRow> rows(RunPlan plan, String server, int repeat, GatlingLog.Content log,
                               io.gatling.charts.stats.LogFileData gatling, List<Window> windows,
                               List<Sampler.Sample> samples, List<PinnedEvents.Pin> pins) {
        List<LevelRow> rows = new ArrayList<>();
        for (Window window : windows) {
            if (!window.step().equals(RequestName.WARMUP)) {
                rows.add(row(plan, server, repeat, log, gatling, window, samples, pins));
            }
        }
        return rows;
    }

    /** @param pins the server's pinned virtual threads (JFR), or null when it records none */
    private static LevelRow row(RunPlan plan, String server, int repeat, GatlingLog.Content log,
                                io.gatling.charts.stats.LogFileData gatling, Window window, List<Sampler.Sample> samples,
                                List<PinnedEvents.Pin> pins) {
        PinnedEvents.Summary pinnedVirtual = pins == null ? null : PinnedEvents.in(pins, window.start(), window.end());
        ScenarioSpec sc = Scenarios.of(window.scenario());
        Histogram all = GatlingLog.newHistogram();
        long ok = 0;
        long ko = 0;
        Map<String, Long> koByCause = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, GatlingLog.RequestStats> e : log.requests().entrySet()) {
            RequestName name = RequestName.parse(e.getKey()).orElse(null);
            if (name == null || !name.scenario().equals(window.scenario()) || name.level() != window.level()
                    || !name.phase().equals(window.step())) {
                continue;
            }
            names.add(e.getKey());
            all.add(e.getValue().histogram());
            ok += e.getValue().ok();
            ko += e.getValue().ko();
            e.getValue().koByCause().forEach((cause, n) -> koByCause.merge(cause, n, Long::sum));
        }
        // Gatling's own figures where one request name makes the row (its report's t-digest percentiles)
        GatlingFigures.Figures theirs = gatling != null && names.size() == 1 ? GatlingFigures.of(gatling, names.get(0))
                : GatlingFigures.Figures.NONE;
        double seconds = (window.end() - window.start()) / 1000.0;
        long requests = ok + ko;
        // a scenario that sets its own database latency (c10k) is bounded by that one, not the run's
        double latency = (sc.dbLatency() != null ? org.threadlab.core.db.LatencyModel.parse(sc.dbLatency()).mean().toNanos() / 1e9
                : plan.dbLatencyMeanSeconds()) * sc.criticalPathQueries();
        boolean any = all.getTotalCount() > 0;
        Double little = sc.closed() ? round(window.level() / latency, 2) : null;
        Double workersBound = ServerNames.model(server).equals("blocking") ? round(plan.workers(server) / latency, 2) : null;
        Double dbPoolBound = plan.dbPoolSize() > 0 ? round(plan.dbPoolSize() / latency, 2) : null;

        Resources res = Resources.of(server, window, samples, plan.isTarget(server) ? new CpuLayout(null, null, plan.cpus().allowed()) : plan.cpus());
        boolean local = !plan.isTarget(server);
        CpuLayout cpus = plan.cpus();
        boolean pinned = cpus.pinned() && local;
        double capacity = local && plan.serverCpuLimit() > 0 ? plan.serverCpuLimit()
                : pinned ? cpus.server().size()
                : res.availableProcessors != null ? res.availableProcessors : cpus.allowed().size();
        LimitedBy limit = LimitedBy.of(new LimitedBy.Inputs(pinned,
                pinned ? cpus.generator().size() : cpus.allowed().size(),
                pinned ? cpus.server().size() : cpus.allowed().size(), capacity,
                res.generatorCpuPct, res.generatorSetBusyPct, res.serverSetBusyPct, res.machineCpuPct,
                res.serverCpuPct, res.throttledPct, ServerNames.model(server).equals("blocking") ? res.workersQueuedMean : null,
                res.dbWaitingMean));
        return new LevelRow(server, window.scenario(), sc.model().id, window.level(), sc.model().levelUnit, seconds,
                requests, ok, ko, koByCause, round(requests / seconds, 2), round(ok / seconds, 2),
                sc.closed() ? null : window.level(),
                any ? (double) all.getValueAtPercentile(50) : null, any ? (double) all.getValueAtPercentile(90) : null,
                any ? (double) all.getValueAtPercentile(99) : null, any ? (double) all.getValueAtPercentile(99.9) : null,
                any ? (double) all.getMaxValue() : null, any ? round(all.getMean(), 2) : null,
                little, workersBound, res.serverCpuPct,
                res.serverCpuPct == null || requests == 0 ? null
                        : round(res.serverCpuPct / 100.0 * seconds * 1000.0 / requests * 1000.0, 2),
                res.rssMbMean, res.rssMbMax, res.heapMbMean, res.heapMbMax,
                res.liveThreadsMax == null ? null : res.liveThreadsMax.doubleValue(), res.gcCount, res.gcTimeMs,
                res.inFlightMax == null ? null : res.inFlightMax.longValue(),
                res.dbWaitingMax == null ? null : res.dbWaitingMax.longValue(), res.generatorCpuPct,
                limit.excludesLevel(), limit.excludesLevel() ? limit.reason() : null, res.machineCpuPct,
                window.step(), repeat, dbPoolBound, null, window.start(), window.end(), res.count, names,
                limit.id(), limit.reason(), pinned ? cpus.server().toString() : null,
                pinned ? cpus.generator().toString() : null,
                local && plan.serverCpuLimit() > 0 ? plan.serverCpuLimit() : null, capacity, res.throttledPct,
                res.serverSetBusyPct, res.generatorSetBusyPct, res.workersQueuedMean, res.dbWaitingMean,
                res.availableProcessors, res.jitCompileMs, theirs.requests(), theirs.p50Ms(), theirs.p90Ms(),
                theirs.p99Ms(), theirs.p999Ms(), theirs.maxMs(), theirs.meanMs(), res.dbCpuPct, res.dbRssMbMean,
                res.dbPoolWaits, pinnedVirtual == null ? null : pinnedVirtual.count(),
                pinnedVirtual == null ? null : pinnedVirtual.topStack(),
                res.contextSwitches == null || requests == 0 ? null : round(res.contextSwitches * 1000.0 / requests, 1),
                res.threadStates);
    }

    /** Resource figures of one window. */
    private static final class Resources {
        Double serverCpuPct;
        Double rssMbMean;
        Double rssMbMax;
        Double heapMbMean;
        Double heapMbMax;
        Integer liveThreadsMax;
        Long gcCount;
        Long gcTimeMs;
        Integer inFlightMax;
        Integer dbWaitingMax;
        Double generatorCpuPct;
        Double machineCpuPct;
        Double serverSetBusyPct;
        Double generatorSetBusyPct;
        Double throttledPct;
        Double workersQueuedMean;
        Double dbWaitingMean;
        Integer availableProcessors;
        Long jitCompileMs;
        Double dbCpuPct;
        Double dbRssMbMean;
        Long dbPoolWaits;
        Long contextSwitches;
        Map<String, LevelRow.RoleThreads> threadStates;
        int count;

        /** Per role, the mean over the readings of how many threads it had and how many were running. */
        static Map<String, LevelRow.RoleThreads> threadStates(List<Sampler.Sample> read) {
            if (read.isEmpty()) {
                return null;
            }
            Map<String, LevelRow.RoleThreads> out = new TreeMap<>();
            read.stream().flatMap(s -> s.serverThreads().roles().keySet().stream()).distinct().forEach(role -> {
                double threads = read.stream().mapToInt(s -> s.serverThreads().roles().getOrDefault(role, new int[2])[0])
                        .average().orElse(0);
                double running = read.stream().mapToInt(s -> s.serverThreads().roles().getOrDefault(role, new int[2])[1])
                        .average().orElse(0);
                out.put(role, new LevelRow.RoleThreads(round(threads, 2), round(running, 2)));
            });
            return out;
        }

        static Resources of(String server, Window window, List<Sampler.Sample> all, CpuLayout cpus) {
            Resources r = new Resources();
            List<Sampler.Sample> in = all.stream()
                    .filter(s -> s.server().equals(server) && window.contains(s.epochMs()))
                    .toList();
            r.count = in.size();
            r.serverCpuPct = cpuPct(in, Sampler.Sample::serverCpuTicks);
            r.generatorCpuPct = cpuPct(in, Sampler.Sample::generatorCpuTicks);
            r.machineCpuPct = cpuPct(in, Sampler.Sample::machineBusyTicks);
            r.dbCpuPct = treeCpuPct(in);
            List<Sampler.Sample> cs = in.stream().filter(s -> s.serverContextSwitches() >= 0).toList();
            if (cs.size() >= 2) {
                // Threads that end take their counts with them, so the growth can only be undercounted; never negative.
                r.contextSwitches = Math.max(0, cs.get(cs.size() - 1).serverContextSwitches()
                        - cs.get(0).serverContextSwitches());
            }
            r.threadStates = threadStates(cs);
            List<Long> dbRss = in.stream().map(Sampler.Sample::dbRssKb).filter(v -> v >= 0).toList();
            if (!dbRss.isEmpty()) {
                r.dbRssMbMean = round(dbRss.stream().mapToLong(Long::longValue).average().orElse(0) / 1024.0, 1);
            }
            if (cpus.pinned()) {
                r.serverSetBusyPct = cpuPct(in, s -> s.busyTicks(cpus.server()));
                r.generatorSetBusyPct = cpuPct(in, s -> s.busyTicks(cpus.generator()));
            }
            List<Sampler.Sample> q = in.stream().filter(s -> s.quotaPeriods() >= 0).toList();
            if (q.size() >= 2) {
                long periods = q.get(q.size() - 1).quotaPeriods() - q.get(0).quotaPeriods();
                long throttled = q.get(q.size() - 1).throttledPeriods() - q.get(0).throttledPeriods();
                r.throttledPct = periods > 0 ? round(100.0 * throttled / periods, 1) : 0.0;
            }
            List<Long> rss = in.stream().map(Sampler.Sample::serverRssKb).filter(v -> v >= 0).toList();
            if (!rss.isEmpty()) {
                r.rssMbMean = round(rss.stream().mapToLong(Long::longValue).average().orElse(0) / 1024.0, 1);
                r.rssMbMax = round(rss.stream().mapToLong(Long::longValue).max().orElse(0) / 1024.0, 1);
            }
            Map<Long, Sampler.Stats> stats = new TreeMap<>();
            for (Sampler.Sample s : all) {
                if (s.server().equals(server) && s.stats() != null && window.contains(s.stats().epochMs())) {
                    stats.put(s.stats().epochMs(), s.stats());
                }
            }
            List<Sampler.Stats> st = new ArrayList<>(stats.values());
            if (!st.isEmpty()) {
                r.heapMbMean = round(st.stream().mapToLong(Sampler.Stats::heapUsedBytes).average().orElse(0) / 1048576.0, 1);
                r.heapMbMax = round(st.stream().mapToLong(Sampler.Stats::heapUsedBytes).max().orElse(0) / 1048576.0, 1);
                r.liveThreadsMax = st.stream().mapToInt(Sampler.Stats::liveThreads).max().orElse(0);
                r.inFlightMax = st.stream().mapToInt(Sampler.Stats::inFlight).max().orElse(0);
                r.dbWaitingMax = st.stream().mapToInt(Sampler.Stats::dbWaiting).max().orElse(0);
                r.dbWaitingMean = mean(st, Sampler.Stats::dbWaiting);
                r.workersQueuedMean = mean(st, Sampler.Stats::workersQueued);
                int ap = st.get(st.size() - 1).availableProcessors();
                r.availableProcessors = ap > 0 ? ap : null;
                Sampler.Stats first = st.get(0);
                Sampler.Stats last = st.get(st.size() - 1);
                r.gcCount = last.gcCount() - first.gcCount();
                r.gcTimeMs = last.gcTimeMs() - first.gcTimeMs();
                r.jitCompileMs = first.jitCompileMs() >= 0 && last.jitCompileMs() >= 0
                        ? last.jitCompileMs() - first.jitCompileMs() : null;
                r.dbPoolWaits = first.dbPoolWaits() >= 0 && last.dbPoolWaits() >= 0
                        ? last.dbPoolWaits() - first.dbPoolWaits() : null;
                if (r.serverCpuPct == null && st.size() >= 2 && last.epochMs() > first.epochMs()
                        && first.processCpuNanos() >= 0) {
                    // a remote target: the server's own CPU clock instead of /proc
                    r.serverCpuPct = round((last.processCpuNanos() - first.processCpuNanos()) / 1e6
                            / (last.epochMs() - first.epochMs()) * 100.0, 1);
                }
            }
            return r;
        }

        private static Double mean(List<Sampler.Stats> st, java.util.function.ToIntFunction<Sampler.Stats> f) {
            List<Integer> v = st.stream().map(f::applyAsInt).filter(x -> x >= 0).toList();
            return v.isEmpty() ? null : round(v.stream().mapToInt(Integer::intValue).average().orElse(0), 2);
        }

        /**
         * The database's CPU over the window, from consecutive samples of the same postmaster only: a
         * restart starts a new process tree whose ticks begin again, and while it is down there is none.
         */
        private static Double treeCpuPct(List<Sampler.Sample> in) {
            long ticks = 0;
            boolean any = false;
            for (int i = 1; i < in.size(); i++) {
                Sampler.Sample a = in.get(i - 1);
                Sampler.Sample b = in.get(i);
                if (a.dbCpuTicks() >= 0 && b.dbCpuTicks() >= a.dbCpuTicks() && a.dbPid() == b.dbPid()) {
                    ticks += b.dbCpuTicks() - a.dbCpuTicks();
                    any = true;
                }
            }
            long dt = in.isEmpty() ? 0 : in.get(in.size() - 1).epochMs() - in.get(0).epochMs();
            if (!any || dt <= 0) {
                return null;
            }
            return round(ticks * 1000.0 / ProcFs.CLOCK_TICKS_PER_SECOND / dt * 100.0, 1);
        }

        private static Double cpuPct(List<Sampler.Sample> in, java.util.function.ToLongFunction<Sampler.Sample> ticks) {
            List<Sampler.Sample> valid = in.stream().filter(s -> ticks.applyAsLong(s) >= 0).toList();
            if (valid.size() < 2) {
                return null;
            }
            Sampler.Sample first = valid.get(0);
            Sampler.Sample last = valid.get(valid.size() - 1);
            long dt = last.epochMs() - first.epochMs();
            if (dt <= 0) {
                return null;
            }
            double cpuMs = (ticks.applyAsLong(last) - ticks.applyAsLong(first)) * 1000.0 / ProcFs.CLOCK_TICKS_PER_SECOND;
            return round(cpuMs / dt * 100.0, 1);
        }
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
