package org.threadlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The usual sync-versus-async comparison table, claim by claim, against the run's own data: for each
 * criterion the claim, each server's measured evidence, and a verdict ({@code holds},
 * {@code does not hold}, {@code depends}, or {@code not measured} where the run lacks the data), with
 * its basis in words. The rules are written once, here; they compare the blocking (platform-thread
 * pool), virtual and reactive servers at the knee of the headline scenario, at the lowest load all
 * servers share, and in the stall scenario.
 */
final class Claims {
    static final String HOLDS = "holds";
    static final String DOES_NOT_HOLD = "does not hold";
    static final String DEPENDS = "depends";
    static final String NOT_MEASURED = "not measured";
    static final String BLOCKING = "blocking";
    static final String VIRTUAL = "virtual";
    static final String REACTIVE = "reactive";

    /** One row of the section. */
    record Claim(String criterion, String claim, Map<String, String> evidence, String verdict, String basis,
                 String chart) {
    }

    private final RunAnalysis a;
    private final Integer workers;
    /** The run's servers that are models on their default engines: the engine controls have their own section. */
    private final List<String> servers;

    /** The servers the claims table has a column for: every one but the engine and pool controls. */
    static List<String> columns(RunAnalysis a) {
        return a.servers.stream().filter(s -> !ServerNames.isControl(s)).toList();
    }

    private Claims(RunAnalysis a) {
        this.a = a;
        this.servers = columns(a);
        LevelPoint any = a.points.stream().filter(p -> p.server().equals(BLOCKING)).findFirst().orElse(null);
        this.workers = any == null ? null : Bounds.workers(any, a.run.setting("workers"));
    }

    static List<Claim> of(RunAnalysis a) {
        Claims c = new Claims(a);
        List<Claim> out = new ArrayList<>();
        out.add(c.executionPattern());
        out.add(c.blockingBehaviour());
        out.add(c.performance());
        out.add(c.responsiveness());
        out.add(c.scalability());
        out.add(c.complexity());
        out.add(c.overhead());
        out.add(c.debugging());
        out.add(c.resourceUse());
        out.add(c.useCases(out));
        return out;
    }

    // ---- the rules ----

    private Claim executionPattern() {
        String claim = "sync runs one task after another; async has many in progress at once";
        Map<String, String> ev = evidence(p -> p.inFlight() == null ? null : Numbers.count(p.inFlight())
                + " served at once on " + count(p.liveThreads()) + " platform threads"
                + (running(p) == null ? "" : " (" + Numbers.number(running(p)) + " of them running, on average)")
                + (p.workersQueued() == null || p.workersQueued() < 0.5 ? ""
                : ", " + Numbers.count(p.workersQueued()) + " more waiting for one of its " + (workers == null ? ""
                : workers + " ") + "workers"));
        Double b = served(BLOCKING);
        Double v = served(VIRTUAL);
        Double r = served(REACTIVE);
        String chart = "#scenario-" + a.headline;
        if (b == null || r == null) {
            return new Claim("execution pattern", claim, ev, NOT_MEASURED, needs(BLOCKING, REACTIVE), chart);
        }
        if (r < 2 * b) {
            return new Claim("execution pattern", claim, ev, DOES_NOT_HOLD, "the platform-thread pool had "
                    + Numbers.count(b) + " requests in progress at once, the event loop " + Numbers.count(r), chart);
        }
        if (v != null && v >= 2 * b) {
            return new Claim("execution pattern", claim, ev, DEPENDS, "on the threads, not the code: blocking code on "
                    + "virtual threads had " + Numbers.count(v) + " requests in progress at once, the event loop "
                    + Numbers.count(r) + ", the platform-thread pool " + Numbers.count(b), chart);
        }
        return new Claim("execution pattern", claim, ev, HOLDS, "the event loop had " + Numbers.count(r)
                + " requests in progress at once, the platform-thread pool " + Numbers.count(b), chart);
    }

    private Claim blockingBehaviour() {
        String claim = "sync: the thread waits for I/O; async: the thread never waits";
        Map<String, String> ev = evidence(p -> perThousand(p) == null ? null
                : Numbers.count(perThousand(p)) + " platform threads per 1,000 requests at the server"
                + (waiting(p) == null ? "" : "; " + waiting(p)));
        Double b = perThousand(knee(BLOCKING));
        Double v = perThousand(knee(VIRTUAL));
        Double r = perThousand(knee(REACTIVE));
        String chart = "#scenario-" + a.headline;
        String sampled = sampledWaits();
        if (b == null || r == null) {
            return new Claim("blocking behaviour", claim, ev, NOT_MEASURED, needs(BLOCKING, REACTIVE), chart);
        }
        if (b < 2 * r) {
            return new Claim("blocking behaviour", claim, ev, DOES_NOT_HOLD, "the blocking server held no more platform "
                    + "threads per request in flight than the event loop" + sampled, chart);
        }
        if (v != null && v < 2 * r) {
            return new Claim("blocking behaviour", claim, ev, DEPENDS, "on the thread: the virtual server's blocking "
                    + "code waits without holding a platform thread (" + Numbers.count(v) + " per 1,000 in flight, "
                    + "the event loop " + Numbers.count(r) + ", the pool " + Numbers.count(b) + ")" + sampled, chart);
        }
        return new Claim("blocking behaviour", claim, ev, HOLDS, "each request the pool serves holds a waiting "
                + "platform thread (" + Numbers.count(b) + " per 1,000 in flight against " + Numbers.count(r) + ")" + sampled, chart);
    }

    private Claim performance() {
        String claim = "sync idles while it waits, so it is inefficient for I/O-bound work; async is efficient";
        LevelPoint.XKey x = ioBound();
        String chart = "#scenario-" + a.headline;
        Map<String, String> ev = new LinkedHashMap<>();
        Map<String, Double> rps = new LinkedHashMap<>();
        if (x != null) {
            for (String s : servers) {
                LevelPoint p = a.at(s, a.headline, x);
                if (p != null && p.throughputRps() != null) {
                    // Answers that failed (a fast 503 from a full pool) are not work done: OK throughput only.
                    double ok = p.requests() > 0 ? p.throughputRps() * (p.requests() - p.ko()) / p.requests()
                            : p.throughputRps();
                    Double bound = Bounds.tightest(p);
                    rps.put(s, ok);
                    ev.put(s, Numbers.rps(ok) + (p.ko() > 0 ? " answered OK" : "") + " at " + p.label()
                            + (bound == null ? "" : " (" + Math.round(ok / bound * 100) + "% of its bound)")
                            + (p.ko() > 0 ? ", " + Numbers.pct(p.errorPct()) + " failed" : ""));
                }
            }
        }
        Double b = rps.get(BLOCKING);
        Double v = rps.get(VIRTUAL);
        Double r = rps.get(REACTIVE);
        if (b == null || r == null) {
            return new Claim("performance", claim, ev, NOT_MEASURED, needs(BLOCKING, REACTIVE)
                    + " at a load where the event loop is not short of CPU", chart);
        }
        String where = " at " + a.at(REACTIVE, a.headline, x).label() + ", the highest load at which the event "
                + "loop still had CPU to spare";
        if (b >= 0.7 * r) {
            return new Claim("performance", claim, ev, DOES_NOT_HOLD, "the platform-thread pool reached "
                    + ratio(b, r) + " of the event loop's throughput" + where, chart);
        }
        if (v != null && v >= 0.7 * r) {
            return new Claim("performance", claim, ev, DEPENDS, "on the threads: blocking code on virtual threads "
                    + "reached " + ratio(v, r) + " of the event loop's throughput, the platform-thread pool "
                    + ratio(b, r) + where, chart);
        }
        return new Claim("performance", claim, ev, HOLDS, "the platform-thread pool reached " + ratio(b, r)
                + " of the event loop's throughput" + where, chart);
    }

    private Claim responsiveness() {
        String claim = "sync: a long task freezes the rest; async stays responsive";
        Map<String, Stall> stalls = new LinkedHashMap<>();
        for (String s : servers) {
            Stall st = Stall.of(s, a.points(s, "stall"));
            if (st != null && st.ratio() != null) {
                stalls.put(s, st);
            }
        }
        Map<String, String> ev = new LinkedHashMap<>();
        stalls.forEach((s, st) -> ev.put(s, "reads' p99 " + Numbers.ms(st.baseP99Ms()) + " → " + Numbers.ms(st.stallP99Ms())
                + " beside CPU-heavy requests (×" + two(st.ratio()) + ")"));
        Stall b = stalls.get(BLOCKING);
        Stall r = stalls.get(REACTIVE);
        String chart = "#scenario-stall";
        if (b == null || r == null) {
            return new Claim("responsiveness", claim, ev, NOT_MEASURED, "needs the stall scenario for blocking and "
                    + "reactive (./lab run --scenarios ...,stall; in smoke and full)", chart);
        }
        Stall v = stalls.get(VIRTUAL);
        if (v != null && v.ratio() < Math.min(b.ratio(), r.ratio()) - 0.1) {
            return new Claim("responsiveness", claim, ev, DEPENDS, "on the threads: blocking code on virtual threads "
                    + "kept its reads' p99 (×" + two(v.ratio()) + ") beside the heavy requests, while the pool's grew ×"
                    + two(b.ratio()) + " and the event loop's ×" + two(r.ratio()), chart);
        }
        if (r.ratio() > b.ratio() + 0.1) {
            return new Claim("responsiveness", claim, ev, DOES_NOT_HOLD, "the event loop's reads slowed more beside "
                    + "the heavy requests (×" + two(r.ratio()) + ") than the thread-per-request pool's (×"
                    + two(b.ratio()) + ")", chart);
        }
        if (r.ratio() < b.ratio() - 0.1) {
            return new Claim("responsiveness", claim, ev, HOLDS, "the pool's reads slowed more (×" + two(b.ratio())
                    + ") than the event loop's (×" + two(r.ratio()) + ")", chart);
        }
        return new Claim("responsiveness", claim, ev, DEPENDS, "on how much CPU the heavy requests take: here no "
                + "model's reads slowed by 0.1× more than another's (pool ×" + two(b.ratio()) + ", event loop ×"
                + two(r.ratio()) + ")", chart);
    }

    private Claim scalability() {
        String claim = "sync scales less (one task per thread); async scales further";
        Map<String, String> ev = new LinkedHashMap<>();
        for (String s : servers) {
            SloKnee k = a.knees.get(s).get(a.headline);
            BreakPoint br = a.breaks.get(s).get(a.headline);
            if (k != null) {
                ev.put(s, "knee " + k.label() + (br == null ? ", did not break" : ", breaks at " + br.at().label()
                        + (br.limitedBy() == null ? "" : " (" + br.limitedBy() + ")")));
            }
        }
        Double b = kneeLevel(BLOCKING);
        Double v = kneeLevel(VIRTUAL);
        Double r = kneeLevel(REACTIVE);
        String chart = "#scenario-" + a.headline;
        if (b == null || r == null) {
            return new Claim("scalability", claim, ev, NOT_MEASURED, needs(BLOCKING, REACTIVE), chart);
        }
        if (r <= b) {
            return new Claim("scalability", claim, ev, DOES_NOT_HOLD, "the event loop's knee was no higher than the "
                    + "platform-thread pool's", chart);
        }
        if (v != null && v >= r) {
            return new Claim("scalability", claim, ev, DEPENDS, "on the threads: virtual threads reached the event "
                    + "loop's knee with blocking code; the platform-thread pool stopped at " + Numbers.number(b), chart);
        }
        return new Claim("scalability", claim, ev, HOLDS, "the event loop's knee (" + Numbers.number(r)
                + ") is above the platform-thread pool's (" + Numbers.number(b) + ")", chart);
    }

    private Claim complexity() {
        String claim = "sync is simpler to write and read; async is harder (callbacks, futures)";
        JsonNode code = a.run.environment() == null ? null : a.run.environment().path("serverCode");
        Map<String, String> ev = new LinkedHashMap<>();
        JsonNode core = code == null ? null : code.get("core");
        for (String s : servers) {
            JsonNode c = code == null ? null : code.get(s);
            if (c != null) {
                ev.put(s, c.path("lines").asInt() + " lines of its own in " + c.path("files").asInt() + " files, "
                        + c.path("asyncCompositions").asInt() + " asynchronous compositions"
                        + (core == null ? "" : " (core, shared: " + core.path("lines").asInt() + " lines)"));
            }
        }
        String chart = "#environment";
        JsonNode b = code == null ? null : code.get(BLOCKING);
        JsonNode v = code == null ? null : code.get(VIRTUAL);
        JsonNode r = code == null ? null : code.get(REACTIVE);
        if (r == null || (b == null && v == null)) {
            return new Claim("complexity", claim, ev, NOT_MEASURED, "needs the lab's count of each server's sources "
                    + "(serverCode), which this run does not have", chart);
        }
        JsonNode sync = v != null ? v : b;
        String syncName = v != null ? "the virtual server" : "the blocking server";
        int ra = r.path("asyncCompositions").asInt();
        int sa = sync.path("asyncCompositions").asInt();
        if (ra > sa && r.path("lines").asInt() >= sync.path("lines").asInt()) {
            return new Claim("complexity", claim, ev, HOLDS, "the reactive server composes " + ra + " asynchronous "
                    + "steps for the same API, " + syncName + " " + sa + ", in " + r.path("lines").asInt() + " lines "
                    + "against " + sync.path("lines").asInt(), chart);
        }
        return new Claim("complexity", claim, ev, DEPENDS, "on where the code lives: with the API in the shared core, "
                + "the reactive server composes " + ra + " asynchronous steps in " + r.path("lines").asInt()
                + " lines, " + syncName + " " + sa + " in " + sync.path("lines").asInt(), chart);
    }

    private Claim overhead() {
        String claim = "async has more overhead (managing tasks, switching contexts)";
        LevelPoint.XKey x = sameLoad();
        String scenario = x == null ? a.headline : "latency";
        Map<String, String> ev = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Double> switches = new LinkedHashMap<>();
        if (x != null) {
            for (String s : servers) {
                LevelPoint p = a.at(s, scenario, x);
                if (p != null && p.cpuMsPer1kReq() != null) {
                    cpu.put(s, p.cpuMsPer1kReq());
                    ev.put(s, Numbers.ms(p.cpuMsPer1kReq()) + " of CPU per 1,000 requests at " + p.label()
                            + (p.contextSwitchesPer1kReq() == null ? ""
                            : ", " + Numbers.count(p.contextSwitchesPer1kReq()) + " context switches per 1,000"));
                    if (p.contextSwitchesPer1kReq() != null) {
                        switches.put(s, p.contextSwitchesPer1kReq());
                    }
                }
            }
        }
        String chart = "#scenario-" + scenario;
        Double b = cpu.get(BLOCKING);
        Double v = cpu.get(VIRTUAL);
        Double r = cpu.get(REACTIVE);
        if (b == null || r == null) {
            return new Claim("overhead", claim, ev, NOT_MEASURED, "needs the latency scenario (the same offered rate "
                    + "for every server) with blocking and reactive keeping up", chart);
        }
        double syncLow = v == null ? b : Math.min(b, v);
        double syncHigh = v == null ? b : Math.max(b, v);
        String switching = switching(switches);
        if (r > 1.1 * syncHigh) {
            return new Claim("overhead", claim, ev, HOLDS, "at the same offered rate the event loop spent "
                    + ratio(r, syncHigh) + " the CPU per request of the thread-per-request servers" + switching, chart);
        }
        if (r < 0.9 * syncLow) {
            return new Claim("overhead", claim, ev, DOES_NOT_HOLD, "at the same offered rate the event loop spent the "
                    + "least CPU per request (" + ratio(r, syncLow) + " of the thread-per-request servers' lowest)"
                    + switching, chart);
        }
        return new Claim("overhead", claim, ev, DEPENDS, "on the thread-per-request server it is compared with: at the "
                + "same offered rate the event loop's CPU per request (" + Numbers.ms(r) + " per 1,000) is within 10% of "
                + "or between theirs (" + Numbers.ms(syncLow) + (v == null ? "" : " to " + Numbers.ms(syncHigh))
                + ")" + switching, chart);
    }

    /** The context switches per request beside the CPU figure, in words; "not counted" where the run has none. */
    private static String switching(Map<String, Double> switches) {
        Double b = switches.get(BLOCKING);
        Double r = switches.get(REACTIVE);
        if (b == null || r == null || r <= 0) {
            return "; context switches were not counted in this run";
        }
        Double v = switches.get(VIRTUAL);
        return "; the server's threads switched " + Numbers.count(r) + " times per 1,000 requests on the event loop, "
                + Numbers.count(b) + " on the platform-thread pool" + (v == null ? "" : ", " + Numbers.count(v)
                + " on virtual threads (their carriers)");
    }

    private Claim debugging() {
        String claim = "sync is easier to debug (one linear stack); async is harder (scattered traces)";
        Map<String, FaultTraces.Trace> traces = FaultTraces.read(a.run.dir()).byServer();
        Map<String, String> ev = new LinkedHashMap<>();
        traces.forEach((s, t) -> ev.put(s, t.depth() + " frames on " + (t.virtual() ? "a virtual thread" : "platform "
                + "thread " + t.thread()) + "; the request's caller chain (the API that issued the query) "
                + (t.showsCaller() ? "in it, " + t.apiFrames() + " frames" : "not in it")));
        FaultTraces.Trace b = traces.get(BLOCKING);
        FaultTraces.Trace v = traces.get(VIRTUAL);
        FaultTraces.Trace r = traces.get(REACTIVE);
        String chart = "#fault-traces";
        if (b == null || r == null) {
            return new Claim("debugging", claim, ev, NOT_MEASURED, "needs the first failed query's stack of blocking and "
                    + "reactive (fault-traces.json, from the faults scenario)", chart);
        }
        if (b.showsCaller() && !r.showsCaller()) {
            return new Claim("debugging", claim, ev, HOLDS, "the blocking stack runs from the request down to the "
                    + "failed query (" + b.depth() + " frames); the event loop's starts at the timer that failed it ("
                    + r.depth() + " frames): who asked is not in it"
                    + (v != null && v.showsCaller() ? "; virtual threads keep the whole chain, as blocking code does" : ""),
                    chart);
        }
        if (r.showsCaller() && !b.showsCaller()) {
            return new Claim("debugging", claim, ev, DOES_NOT_HOLD, "the event loop's stack shows the caller, the "
                    + "blocking one does not", chart);
        }
        return new Claim("debugging", claim, ev, DEPENDS, "both stacks " + (b.showsCaller() ? "show" : "miss")
                + " the API that issued the query: the model does not decide it here", chart);
    }

    private Claim resourceUse() {
        String claim = "async uses resources more efficiently";
        Map<String, String> ev = evidence(p -> Numbers.mb(p.rssMb()) + " RSS, " + count(p.liveThreads())
                + " platform threads at " + p.label());
        LevelPoint b = knee(BLOCKING);
        LevelPoint v = knee(VIRTUAL);
        LevelPoint r = knee(REACTIVE);
        String chart = "#scenario-" + a.headline;
        if (b == null || r == null || b.liveThreads() == null || r.liveThreads() == null) {
            return new Claim("resource use", claim, ev, NOT_MEASURED, needs(BLOCKING, REACTIVE), chart);
        }
        double perB = b.liveThreads() / b.level();
        double perR = r.liveThreads() / r.level();
        if (perR >= perB) {
            return new Claim("resource use", claim, ev, DOES_NOT_HOLD, "the event loop needed as many platform threads "
                    + "per client as the pool", chart);
        }
        if (v != null && v.liveThreads() != null && v.liveThreads() / v.level() < 2 * perR) {
            return new Claim("resource use", claim, ev, DEPENDS, "on the threads: virtual threads served "
                    + Numbers.number(v.level()) + " clients on " + count(v.liveThreads()) + " platform threads, "
                    + "the event loop " + Numbers.number(r.level()) + " on " + count(r.liveThreads()) + ", the pool "
                    + Numbers.number(b.level()) + " on " + count(b.liveThreads()), chart);
        }
        return new Claim("resource use", claim, ev, HOLDS, "the event loop served " + Numbers.number(r.level())
                + " clients on " + count(r.liveThreads()) + " platform threads, the pool " + Numbers.number(b.level())
                + " on " + count(b.liveThreads()), chart);
    }

    /** The closing row, from the others' verdicts. */
    private Claim useCases(List<Claim> rows) {
        String claim = "sync for simple apps and scripts; async for I/O-bound work (web requests, queries)";
        List<String> onThreads = rows.stream().filter(c -> DEPENDS.equals(c.verdict()) && c.basis().startsWith("on the thread"))
                .map(Claim::criterion).toList();
        List<String> measured = rows.stream().filter(c -> !NOT_MEASURED.equals(c.verdict())).map(Claim::criterion).toList();
        if (measured.isEmpty()) {
            return new Claim("use cases", claim, Map.of(), NOT_MEASURED, "no other claim was measured", null);
        }
        if (!onThreads.isEmpty()) {
            return new Claim("use cases", claim, Map.of(), DEPENDS, "on the threads more than on the style: for "
                    + String.join(", ", onThreads) + " this run puts the difference in virtual against platform "
                    + "threads, so I/O-bound services get async's figures with blocking code on virtual threads", null);
        }
        long holds = rows.stream().filter(c -> HOLDS.equals(c.verdict())).count();
        return new Claim("use cases", claim, Map.of(), holds * 2 >= measured.size() ? HOLDS : DEPENDS,
                holds + " of the " + measured.size() + " measured claims hold", null);
    }

    // ---- data ----

    private LevelPoint knee(String server) {
        Map<String, SloKnee> k = a.knees.get(server);
        SloKnee knee = k == null ? null : k.get(a.headline);
        return knee == null ? null : knee.point();
    }

    /** Evidence at each server's knee; a server without a knee or without the figure is left out. */
    private Map<String, String> evidence(Function<LevelPoint, String> text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : servers) {
            LevelPoint p = knee(s);
            String t = p == null ? null : text.apply(p);
            if (t != null) {
                m.put(s, t);
            }
        }
        return m;
    }

    /** Requests being served at once at the knee (/stats in flight: the blocking server counts those on a worker). */
    private Double served(String server) {
        LevelPoint p = knee(server);
        return p == null ? null : p.inFlight();
    }

    /** Platform threads per 1,000 requests at the server: served, and (blocking) waiting for a worker. */
    private static Double perThousand(LevelPoint p) {
        if (p == null || p.liveThreads() == null || p.inFlight() == null) {
            return null;
        }
        double at = p.inFlight() + (p.workersQueued() == null ? 0 : p.workersQueued());
        return at <= 0 ? null : p.liveThreads() / at * 1000;
    }

    private Double throughput(String server) {
        LevelPoint p = knee(server);
        return p == null ? null : p.throughputRps();
    }

    private Double kneeLevel(String server) {
        LevelPoint p = knee(server);
        return p == null ? null : p.level();
    }

    /**
     * The highest level of the headline scenario at which the event loop was not short of CPU (its limit
     * none, workers or database) and every server was measured without a generator limit: where the
     * models differ by how they wait, not by how much CPU they have.
     */
    private LevelPoint.XKey ioBound() {
        LevelPoint.XKey best = null;
        for (LevelPoint.XKey x : a.axis(a.headline)) {
            LevelPoint r = a.at(REACTIVE, a.headline, x);
            boolean all = servers.stream().allMatch(s -> {
                LevelPoint p = a.at(s, a.headline, x);
                return p != null && !p.generatorLimited();
            });
            if (all && r != null && !"server-cpu".equals(r.limitedBy())) {
                best = x;
            }
        }
        return best;
    }

    /**
     * The highest offered rate of the latency scenario that every server kept up with (it met the SLO,
     * no generator limit): the same load for every server.
     */
    private LevelPoint.XKey sameLoad() {
        LevelPoint.XKey best = null;
        for (LevelPoint.XKey x : a.axis("latency")) {
            boolean all = servers.stream().allMatch(s -> {
                LevelPoint p = a.at(s, "latency", x);
                return p != null && !p.generatorLimited() && a.slo.met(p);
            });
            if (all) {
                best = x;
            }
        }
        return best;
    }

    private String needs(String... servers) {
        return "needs " + String.join(" and ", servers) + " in the run, each with a knee in " + a.headline;
    }

    /** The role of the platform threads that run a model's handlers. */
    private static String servingRole(String server) {
        return switch (ServerNames.model(server)) {
            case BLOCKING -> LevelRow.RoleThreads.WORKER;
            case VIRTUAL -> LevelRow.RoleThreads.CARRIER;
            default -> LevelRow.RoleThreads.EVENT_LOOP;
        };
    }

    private static String roleWords(String role) {
        return switch (role) {
            case LevelRow.RoleThreads.WORKER -> "workers";
            case LevelRow.RoleThreads.CARRIER -> "carriers";
            default -> "event loops";
        };
    }

    /** Platform threads running or runnable (all roles), the mean over the window's /proc readings; null if not read. */
    private static Double running(LevelPoint p) {
        return p.threadStates() == null ? null
                : p.threadStates().values().stream().mapToDouble(LevelRow.RoleThreads::running).sum();
    }

    /** "its 50 workers waited 96% of the time (1.9 running on average)", from the sampled thread states; or null. */
    private static String waiting(LevelPoint p) {
        String role = servingRole(p.server());
        LevelRow.RoleThreads t = p.threadStates() == null ? null : p.threadStates().get(role);
        if (t == null || t.threads() <= 0) {
            return null;
        }
        return "its " + Numbers.count(t.threads()) + " " + roleWords(role) + " waited "
                + Numbers.pct((double) Math.round(100 * t.waitingShare())) + " of the time (" + Numbers.number(t.running())
                + " running on average)" + (role.equals(LevelRow.RoleThreads.CARRIER) && p.inFlight() != null
                ? ", up to " + Numbers.count(p.inFlight()) + " requests parked or running on virtual threads" : "");
    }

    /** "; sampled at each knee: blocking's workers waited 96% of the time, ..." or "" when no state was read. */
    private String sampledWaits() {
        List<String> parts = new ArrayList<>();
        for (String server : servers) {
            LevelPoint p = knee(server);
            String role = servingRole(server);
            LevelRow.RoleThreads t = p == null || p.threadStates() == null ? null : p.threadStates().get(role);
            if (t != null && t.threads() > 0) {
                parts.add(server + "'s " + roleWords(role) + " " + Numbers.pct((double) Math.round(100 * t.waitingShare())));
            }
        }
        return parts.isEmpty() ? "" : "; the share of the time each server's handler threads waited at its knee "
                + "(sampled from /proc): " + String.join(", ", parts);
    }

    private static String count(Double v) {
        return v == null ? "–" : Numbers.count(v);
    }

    private static String ratio(double x, double of) {
        return String.format(Locale.ROOT, "%.2f×", x / of);
    }

    private static String two(Double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
