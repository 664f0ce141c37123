package org.threadlab.lab;

import java.util.Locale;

/**
 * What limited one measured level, decided from the window's resource figures by rules taken in
 * order; the first that holds names the limit. Only {@code generator} and {@code machine} say the
 * level measured something other than the server: the report leaves those out of its verdicts.
 *
 * @param id one of {@link #GENERATOR}, {@link #MACHINE}, {@link #SERVER_CPU}, {@link #WORKERS},
 *           {@link #DATABASE}, {@link #NONE}
 * @param reason the figures that decided it, in a few words
 */
record LimitedBy(String id, String reason) {
    static final String GENERATOR = "generator";
    static final String MACHINE = "machine";
    static final String SERVER_CPU = "server-cpu";
    static final String WORKERS = "workers";
    static final String DATABASE = "database";
    static final String NONE = "none";

    /** Gatling's CPU, as a share of its CPU set (pinned) or of one core (shared), that marks it the limit. */
    static final double GENERATOR_SHARE = 0.85;
    /** Busy share of a CPU set (or, shared, of the machine) that counts as full. */
    static final double FULL_SHARE = 0.90;
    /** CPU other processes take from the server's set, as a share of it, that counts as interference. */
    static final double OTHERS_SHARE = 0.10;
    /** Server CPU, as a share of its capacity (the budget, else its CPU set), that counts as saturated. */
    static final double SERVER_SHARE = 0.90;
    /** Share of quota periods in which the server was throttled that counts as its budget being the limit. */
    static final double THROTTLED_SHARE = 0.20;
    /** Mean requests waiting for a worker, or queries for a database connection, that count as a queue. */
    static final double QUEUED = 1;

    static final String RULE = String.format(Locale.ROOT, "limitedBy, first rule that holds, over the measured window:"
            + " generator = Gatling CPU >= %d%% of its CPU set (of one core when not pinned);"
            + " machine = Gatling's CPU set >= %d%% busy with Gatling below that, or other processes take >= %d%% of"
            + " the server's set while it is >= %d%% busy (not pinned: the whole machine >= %d%% busy);"
            + " server-cpu = server CPU >= %d%% of its capacity (CPU budget, else its CPU set);"
            + " workers = a mean of >= 1 request waiting for a worker; database = a mean of >= 1 query waiting for a"
            + " connection; server-cpu also when throttled in >= %d%% of the budget's quota periods; else none",
            pct(GENERATOR_SHARE), pct(FULL_SHARE), pct(OTHERS_SHARE), pct(FULL_SHARE), pct(FULL_SHARE),
            pct(SERVER_SHARE), pct(THROTTLED_SHARE));

    /**
     * The figures of one window; CPU figures in percent of one core (200 = two cores busy), null where unknown.
     *
     * @param pinned whether server and Gatling ran on separate CPU sets
     * @param generatorCpus CPUs of Gatling's set (pinned) or of the machine
     * @param serverCpus CPUs of the server's set (pinned) or of the machine
     * @param serverCapacityCores the server's budget, or its CPU count without one
     */
    record Inputs(boolean pinned, int generatorCpus, int serverCpus, double serverCapacityCores,
                  Double generatorCpuPct, Double generatorSetBusyPct, Double serverSetBusyPct, Double machineCpuPct,
                  Double serverCpuPct, Double throttledPct, Double workersQueuedMean, Double dbWaitingMean) {
    }

    boolean excludesLevel() {
        return id.equals(GENERATOR) || id.equals(MACHINE);
    }

    static LimitedBy of(Inputs in) {
        double generatorCapacity = (in.pinned() ? in.generatorCpus() : 1) * 100.0;
        if (in.generatorCpuPct() != null && in.generatorCpuPct() >= GENERATOR_SHARE * generatorCapacity) {
            return new LimitedBy(GENERATOR, "Gatling CPU " + fmt(in.generatorCpuPct()) + "% >= " + pct(GENERATOR_SHARE)
                    + "% of " + (in.pinned() ? cpus(in.generatorCpus()) + " of its own" : "one core"));
        }
        if (in.pinned()) {
            if (in.generatorSetBusyPct() != null && in.generatorSetBusyPct() >= FULL_SHARE * generatorCapacity) {
                return new LimitedBy(MACHINE, "Gatling's CPU set " + fmt(in.generatorSetBusyPct()) + "% busy, Gatling "
                        + fmt(in.generatorCpuPct()) + "%: other processes took the rest");
            }
            double serverSet = in.serverCpus() * 100.0;
            if (in.serverSetBusyPct() != null && in.serverCpuPct() != null
                    && in.serverSetBusyPct() >= FULL_SHARE * serverSet
                    && in.serverSetBusyPct() - in.serverCpuPct() >= OTHERS_SHARE * serverSet) {
                return new LimitedBy(MACHINE, "the server's CPU set " + fmt(in.serverSetBusyPct()) + "% busy, the server "
                        + fmt(in.serverCpuPct()) + "%: other processes took the rest");
            }
        } else if (in.machineCpuPct() != null && in.machineCpuPct() >= FULL_SHARE * in.serverCpus() * 100) {
            return new LimitedBy(MACHINE, "machine CPU " + fmt(in.machineCpuPct()) + "% >= " + pct(FULL_SHARE) + "% of "
                    + cpus(in.serverCpus()) + " shared by the server and Gatling");
        }
        double capacity = in.serverCapacityCores() * 100;
        if (in.serverCpuPct() != null && in.serverCpuPct() >= SERVER_SHARE * capacity) {
            return new LimitedBy(SERVER_CPU, "server CPU " + fmt(in.serverCpuPct()) + "% of "
                    + fmt(capacity) + "% it may use" + throttled(in));
        }
        if (in.workersQueuedMean() != null && in.workersQueuedMean() >= QUEUED) {
            return new LimitedBy(WORKERS, "on average " + fmt(in.workersQueuedMean()) + " requests waited for a worker");
        }
        if (in.dbWaitingMean() != null && in.dbWaitingMean() >= QUEUED) {
            return new LimitedBy(DATABASE, "on average " + fmt(in.dbWaitingMean())
                    + " queries waited for a database connection");
        }
        if (in.throttledPct() != null && in.throttledPct() >= THROTTLED_SHARE * 100) {
            return new LimitedBy(SERVER_CPU, "throttled in " + fmt(in.throttledPct()) + "% of quota periods, server CPU "
                    + fmt(in.serverCpuPct()) + "% of " + fmt(capacity) + "% it may use");
        }
        return new LimitedBy(NONE, null);
    }

    private static String throttled(Inputs in) {
        return in.throttledPct() == null ? "" : ", throttled in " + fmt(in.throttledPct()) + "% of quota periods";
    }

    private static String cpus(int n) {
        return n == 1 ? "1 CPU" : n + " CPUs";
    }

    private static int pct(double share) {
        return (int) Math.round(share * 100);
    }

    static String fmt(Double v) {
        if (v == null) {
            return "?";
        }
        return v == Math.rint(v) ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }
}
