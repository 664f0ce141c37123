package org.threadlab.lab;

import io.gatling.charts.stats.GeneralStats;
import io.gatling.charts.stats.LogFileData;
import io.gatling.charts.stats.LogFileReader;
import io.gatling.charts.stats.PercentVsTimePlot;
import io.gatling.core.config.GatlingConfiguration;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import scala.Option;

/**
 * Gatling's own figures for a request name, read with Gatling's LogFileReader (what its HTML report
 * shows). Its percentiles are t-digest estimates, rounded to the ms; the lab's own are exact, so
 * both are kept in levels.json.
 */
final class GatlingFigures {
    private GatlingFigures() {
    }

    static LogFileData read(Path runFolder) {
        return new LogFileReader(runFolder.resolve("simulation.log").toFile(), GatlingConfiguration.load()).read();
    }

    /** One request name's figures as Gatling's report shows them (its percentiles are t-digest estimates). */
    record Figures(Long requests, Long p50Ms, Long p90Ms, Long p99Ms, Long p999Ms, Long maxMs, Long meanMs) {
        static final Figures NONE = new Figures(null, null, null, null, null, null, null);
    }

    /** The figures of one request name; {@link Figures#NONE} if Gatling has none. */
    static Figures of(LogFileData data, String requestName) {
        Option<GeneralStats> stats = data.requestGeneralStats(Option.apply(requestName), Option.empty(), Option.empty());
        if (stats.isEmpty()) {
            return Figures.NONE;
        }
        GeneralStats s = stats.get();
        return new Figures(s.count(), percentile(s, 50.0), percentile(s, 90.0), percentile(s, 99.0), percentile(s, 99.9),
                (long) s.max(), (long) s.mean());
    }

    private static Long percentile(GeneralStats s, double p) {
        return ((Number) s.percentile().apply(p)).longValue();
    }

    /** Gatling's exact count of requests per response time (ms), from its response-time distribution. */
    static TreeMap<Integer, Long> exactDistribution(LogFileData data, String requestName, GeneralStats stats) {
        int plots = stats.max() - stats.min() + 1; // this many plots: one per ms, Gatling's exact values
        scala.Tuple2<scala.collection.immutable.Seq<PercentVsTimePlot>, scala.collection.immutable.Seq<PercentVsTimePlot>> d =
                data.responseTimeDistribution(plots, Option.apply(requestName), Option.empty());
        TreeMap<Integer, Long> counts = new TreeMap<>();
        for (var seq : java.util.List.of(d._1(), d._2())) {
            scala.collection.Iterator<PercentVsTimePlot> it = seq.iterator();
            while (it.hasNext()) {
                PercentVsTimePlot p = it.next();
                long n = Math.round(p.value() * stats.count() / 100.0);
                if (n > 0) {
                    counts.merge(p.time(), n, Long::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Nearest-rank percentile of an exact distribution, ranked exactly as HdrHistogram ranks it: one ulp
     * off the percentile before the ceiling, so that 99.9% of 1,000 requests is rank 999, not the 1,000
     * that floating point would otherwise round up to.
     */
    static long percentile(TreeMap<Integer, Long> counts, double percentile) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        double p = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0.0), 100.0);
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey();
            }
        }
        return counts.isEmpty() ? 0 : counts.lastKey();
    }
}
