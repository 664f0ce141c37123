package org.threadlab.report;

import java.util.Map;
import org.threadlab.load.StallSimulation;

/** What each scenario does, in a paragraph the report puts above its charts. */
final class ScenarioNotes {
    private ScenarioNotes() {
    }

    static final Map<String, String> BY_SCENARIO = Map.of(
            "capacity", "Closed model: N clients, each looping on a keep-alive connection. Shows capacity: the "
                    + "dotted Little's-law line is the most any server can do with N clients and this database latency.",
            "latency", "Open model: requests arrive at the offered rate whatever the server does, so latency is "
                    + "measured honestly (no coordinated omission). A server keeping up follows the offered-rate line.",
            "mixed", "Closed model with a mix of requests, some with more than one database query on the critical "
                    + "path (the Little's-law line accounts for it).",
            "spike", "Open model: a base rate, a burst well above the blocking server's bound, then recovery at the "
                    + "base rate.",
            "faults", "Open model at half the blocking server's bound: a base window, then the database fails a share "
                    + "of its queries (503 database-unavailable; switched at run time with --admin-faults), then it "
                    + "stops failing. The errors chart shows each model's error rate under faults and whether "
                    + "recovery is clean.",
            "stall", "Open model: item reads at a quarter of the blocking server's bound, first alone (base), then "
                    + "beside a few CPU-heavy requests (stall: GET /api/cpu at {rounds} SHA-256 rounds, {share} of the "
                    + "read rate; their own figures are the heavy step). The reads' p99 in stall against base is what a request that "
                    + "holds its thread costs everyone else: every connection of a busy event loop waits, a thread "
                    + "per request leaves the sharing to the scheduler.",
            "restart", "Open model of order writes, each read back (runs on the embedded PostgreSQL only): a base "
                    + "window, then the lab stops PostgreSQL as a crash would for the outage window and starts it "
                    + "again, then recovery. The errors chart shows what the clients saw while it was down; the "
                    + "Database restart section how soon each server served again and whether any acknowledged "
                    + "order was lost.",
            "c10k", "Closed model: 10,000 clients, each on its own keep-alive connection, while the database answers "
                    + "in " + org.threadlab.load.C10kSimulation.DB_LATENCY + " (set for this scenario through "
                    + "--admin-faults), so the bound is 10,000 req/s: what it costs each model to hold 10,000 "
                    + "requests in flight. blocking@10000 is the blocking model with as many platform threads as "
                    + "clients.");

    /**
     * The stall scenario's rounds in runs that did not record them: before --stall-rounds the lab never
     * set them, so they ran at the simulation's default of the time.
     */
    private static final int ROUNDS_BEFORE_THE_SETTING = 100_000;

    /** The scenario's paragraph with this run's settings in it, or null for a scenario without. */
    static String of(String scenario, RunData run) {
        String note = BY_SCENARIO.get(scenario);
        if (note == null) {
            return null;
        }
        String rounds = run.setting("stallRounds");
        String share = run.setting("stallHeavyShare");
        return note.replace("{rounds}", Numbers.count(rounds == null ? ROUNDS_BEFORE_THE_SETTING : Double.parseDouble(rounds)))
                .replace("{share}", Numbers.pct(100 * (share == null ? StallSimulation.DEFAULT_HEAVY_SHARE : Double.parseDouble(share))));
    }
}
