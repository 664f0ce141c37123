package org.threadlab.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.threadlab.load.RequestName;

/**
 * One row of levels.json: one (server, scenario, level, step, repeat) as the lab measured it, the
 * fields of results/README.md in their order. The lab builds it, {@link LevelRows} writes and reads
 * it (JSON and CSV), and the report works on it: one type for the file. Every figure may be null
 * (older runs, remote targets, failed levels leave gaps). Unknown fields of a newer file are
 * ignored; a row from an older run is completed here: load model and unit from each other, step
 * {@code measure}, repeat 1, requests from ok + ko, throughput from requests and seconds, and
 * {@code limitedBy} {@code generator} where the run only marked the level generator-limited.
 * {@code fractionOfBound} is always computed here, by {@link Bounds}: one rule for the lab's file
 * and the report.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LevelRow(String server, String scenario, String loadModel, double level, String levelUnit,
                       Double measuredSeconds, long requests, long ok, long ko, Map<String, Long> koByCause,
                       Double throughputRps, Double okThroughputRps, Double offeredRps, Double p50Ms, Double p90Ms,
                       Double p99Ms, Double p999Ms, Double maxMs, Double meanMs, Double littleBoundRps,
                       Double workersBoundRps, Double serverCpuPct, Double serverCpuMsPer1kReq, Double serverRssMbMean,
                       Double serverRssMbMax, Double heapUsedMbMean, Double heapUsedMbMax, Double liveThreadsMax,
                       Long gcCount, Long gcTimeMs, Long inFlightMax, Long dbWaitingMax, Double generatorCpuPct,
                       boolean generatorLimited, String generatorLimitedReason, Double machineCpuPct, String step,
                       int repeat, Double dbPoolBoundRps, Double fractionOfBound, Long windowStartEpochMs,
                       Long windowEndEpochMs, Integer samples, List<String> gatlingRequestNames,
                       // added fields: never renamed, only appended
                       String limitedBy, String limitedByReason, String serverCpus, String generatorCpus,
                       Double serverCpuLimit, Double serverCapacityCores, Double throttledPct, Double serverSetBusyPct,
                       Double generatorSetBusyPct, Double workersQueuedMean, Double dbWaitingMean,
                       Integer availableProcessors, Long jitCompileMs, Long gatlingRequests, Long gatlingP50Ms,
                       Long gatlingP90Ms, Long gatlingP99Ms, Long gatlingP999Ms, Long gatlingMaxMs, Long gatlingMeanMs,
                       Double dbCpuPct, Double dbRssMbMean, Long dbPoolWaits, Long pinnedEvents,
                       String pinnedTopStack, Double contextSwitchesPer1kReq, Map<String, RoleThreads> threadStates) {

    /**
     * The server's platform threads of one role (worker, event-loop, carrier, other) over a window:
     * how many there were and how many were running or runnable (state R in /proc), both the mean
     * over the window's readings.
     */
    public record RoleThreads(double threads, double running) {
        /** The blocking model's pool ({@code WorkerPool}: worker-1, worker-2, ...). */
        public static final String WORKER = "worker";
        /** Netty's I/O and accept loops, Vert.x's event loops and acceptor. */
        public static final String EVENT_LOOP = "event-loop";
        /** The platform threads virtual threads run on (the JDK's ForkJoinPool-N-worker-M). */
        public static final String CARRIER = "carrier";
        /** Everything else: JIT, GC, timers, the JVM's own. */
        public static final String OTHER = "other";

        /** The share of the role's threads that were not running: asleep or blocked in the kernel. */
        public double waitingShare() {
            return threads <= 0 ? 0 : Math.max(0, 1 - running / threads);
        }
    }

    /** The step of a closed or open level that is not part of a spike or faults scenario. */
    public static final String MEASURE = RequestName.MEASURE;

    public LevelRow {
        if (server == null || scenario == null) {
            throw new ReportException("a level row lacks its server or scenario");
        }
        if (loadModel == null) {
            loadModel = "clients".equals(levelUnit) ? "closed" : "open";
        }
        if (levelUnit == null) {
            levelUnit = "closed".equals(loadModel) ? "clients" : "rps";
        }
        step = step == null ? MEASURE : step;
        repeat = repeat < 1 ? 1 : repeat;
        koByCause = koByCause == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(koByCause));
        gatlingRequestNames = gatlingRequestNames == null ? List.of() : List.copyOf(gatlingRequestNames);
        if (requests == 0) {
            requests = ok + ko;
        }
        if (throughputRps == null && measuredSeconds != null && measuredSeconds > 0 && requests > 0) {
            throughputRps = requests / measuredSeconds;
        }
        if (limitedBy == null && generatorLimited) {
            limitedBy = "generator";
        }
        fractionOfBound = Bounds.fraction("closed".equals(loadModel), level, throughputRps, littleBoundRps,
                workersBoundRps, dbPoolBoundRps);
        if (fractionOfBound != null) {
            fractionOfBound = Math.round(fractionOfBound * 1000) / 1000.0;
        }
    }

    boolean closed() {
        return "closed".equals(loadModel);
    }
}
