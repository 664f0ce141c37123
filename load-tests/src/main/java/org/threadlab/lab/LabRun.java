package org.threadlab.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.threadlab.core.db.FaultTrace;
import org.threadlab.load.LevelPlan;
import org.threadlab.load.RequestName;
import org.threadlab.load.Scenarios;
import org.threadlab.report.LevelRow;
import org.threadlab.report.LevelRows;
import org.threadlab.report.ReportException;
import org.threadlab.report.Reports;

/**
 * One lab run: for each repeat and each server in turn, start it (or reach the --target), run the
 * Gatling suite against it while sampling, stop it, and write what was measured. Whatever
 * happens (a fault, Ctrl-C), every process it started is stopped and the results written so far
 * stay, with run.json saying why the run is incomplete.
 */
final class LabRun {
    private RunPlan plan;
    private final PrintStream out;
    private final PrintStream err;
    private final ManagedProcesses processes = new ManagedProcesses();
    private volatile LabDatabase database;
    /** The server being driven now, and the database restart of its suite (restart scenario), if any. */
    private volatile ServerUnderTest current;
    private volatile DatabaseRestart restart;
    /** Per server (and repeat), the restart's figures: run.json databaseRestarts. */
    private final Map<String, Map<String, Object>> restarts = new java.util.concurrent.ConcurrentHashMap<>();
    /** The current server's JFR recording of pinned virtual threads, or null when it records none. */
    private Path pinning;
    private final List<LevelRow> rows = new ArrayList<>();
    private final List<Map<String, Object>> sampleRows = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> gatlingReports = new LinkedHashMap<>();
    private final Map<String, List<String>> serverCommands = new LinkedHashMap<>();
    private final List<LevelResults.Window> allWindows = new ArrayList<>();
    private List<String> gatlingCommand = List.of();
    private final Object lock = new Object();
    private ResultsDir results;
    private Sampler sampler;
    private String startedAt;
    private long startNanos;
    private long startEpochMs;
    private volatile boolean finished;
    private volatile boolean interrupted;
    /** The cgroup of the server being driven, or null. */
    private volatile ServerCgroup cgroup;
    private volatile boolean budgetLifted;
    /** The lab JVM's CPUs before it pinned itself to the generator's set, or null if it did not. */
    private volatile CpuSet labCpusBefore;
    private final Map<String, Map<String, Object>> serverPlacement = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> jitWarmups = new java.util.concurrent.ConcurrentHashMap<>();

    LabRun(RunPlan plan, PrintStream out, PrintStream err) {
        this.plan = plan;
        this.out = out;
        this.err = err;
    }

    /** Runs; returns the exit status (0 complete, non-zero otherwise). */
    int execute() {
        try {
            results = ResultsDir.create(plan.resultsDir());
        } catch (IOException e) {
            err.println("lab: cannot create results under " + plan.resultsDir() + ": " + e.getMessage());
            return 1;
        }
        startedAt = Instant.now().toString();
        startNanos = System.nanoTime();
        startEpochMs = System.currentTimeMillis();
        writeRunJson("incomplete", "running");
        writeEnvironment(null);
        Thread hook = new Thread(this::onSignal, "lab-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        progress("results in " + results.dir + "; " + plan.servers().size() + " server(s) x "
                + plan.scenarios().size() + " scenario(s), profile " + plan.profile().id() + ", about "
                + clock(plan.totalSeconds()));
        int status;
        String reason = null;
        try {
            placeRoles();
        } catch (LabFailure e) {
            err.println("lab: " + e.getMessage());
            restoreLabCpus();
            finish("incomplete", e.getMessage());
            Runtime.getRuntime().removeShutdownHook(hook);
            return e.exitCode();
        }
        try (Sampler s = new Sampler()) {
            sampler = s;
            // Started after placeRoles pinned this JVM: an embedded PostgreSQL inherits the lab's CPUs.
            database = LabDatabase.start(plan);
            if (database != null) {
                progress("database: PostgreSQL " + database.describe().get("url") + (database.pid() > 0
                        ? " (embedded, pid " + database.pid() + ", CPUs " + database.describe().get("cpusAllowed") + ")"
                        : ""));
                s.database(database.pid());
                writeEnvironment(null);
            }
            for (int repeat = 1; repeat <= plan.repeats(); repeat++) {
                for (String server : plan.serverOrder(repeat)) {
                    runServer(server, repeat);
                }
            }
            status = 0;
        } catch (LabFailure e) {
            status = e.exitCode();
            reason = e.getMessage();
        } catch (Exception e) {
            status = 1;
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            processes.stopAll(plan.stopTimeout());
            closeDatabase();
            closeCgroup();
            restoreLabCpus();
        }
        if (interrupted) {
            return 130; // the shutdown hook reports and writes
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
        finish(status == 0 ? "complete" : "incomplete", reason);
        Path report = null;
        try {
            report = Reports.write(results.dir);
        } catch (ReportException e) {
            err.println("lab: the report was not written: " + e.getMessage());
            status = status == 0 ? 1 : status;
        }
        if (status == 0) {
            progress("done in " + clock(elapsedSeconds()) + ": open " + report);
        } else {
            err.println("lab: " + (reason == null ? "failed" : reason) + " (partial results in " + results.dir
                    + (report == null ? "" : "; report: " + report) + ")");
        }
        return status;
    }

    /** Pins every thread of this JVM to the CPU set; returns why it could not, or null. */
    private static String pinLab(CpuSet set) {
        List<String> cmd = List.of("taskset", "-a", "-p", "-c", set.toString(),
                Long.toString(ProcessHandle.current().pid()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? null : out.lines().findFirst().orElse("taskset failed");
        } catch (IOException e) {
            return "taskset is not installed (util-linux)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabFailure("interrupted");
        }
    }

    /** Gives the lab's JVM back the CPUs it had before the run (it may run again, as in tests). */
    private void restoreLabCpus() {
        CpuSet before = labCpusBefore;
        labCpusBefore = null;
        if (before != null) {
            String failure = pinLab(before);
            if (failure != null) {
                err.println("lab: could not give the lab back CPUs " + before + ": " + failure);
            }
        }
    }

    /**
     * Pins the lab itself to the generator's CPUs and checks, once, that a CPU budget can be set:
     * an asked-for budget that cannot be set stops the run; the default one is dropped with a warning.
     */
    private void placeRoles() {
        CpuLayout cpus = plan.cpus();
        progress("CPUs: " + cpus.describe() + (plan.serverCpuLimit() > 0 ? "; server budget "
                + LimitedBy.fmt(plan.serverCpuLimit()) + " core(s), quota period "
                + RunPlan.Durations.format(plan.cpuQuotaPeriod()) : "; no server CPU budget"));
        if (cpus.pinned()) {
            CpuSet before = CpuSet.ofProcess(Long.toString(ProcessHandle.current().pid()));
            String failure = pinLab(cpus.generator());
            if (failure != null) {
                throw new LabFailure("cannot pin the roles to CPU sets: " + failure
                        + "; run with --server-cpus shared to run unpinned", 2);
            }
            labCpusBefore = before;
        }
        boolean anyLocal = plan.servers().stream().anyMatch(sv -> !plan.isTarget(sv));
        if (anyLocal && (plan.serverCpuLimit() > 0 || plan.serverMemoryLimit() > 0)) {
            try {
                ServerCgroup.create("probe", plan.serverCpuLimit(), plan.cpuQuotaPeriod(), plan.serverMemoryLimit()).close();
            } catch (IllegalStateException e) {
                if (plan.serverCpuLimitAsked() || plan.serverMemoryLimit() > 0) {
                    throw new LabFailure("cannot give the server a CPU or memory budget: " + e.getMessage()
                            + "; run with --server-cpu-limit none", 2);
                }
                warn("no CPU budget for the servers (the default " + RunCommand.DEFAULT_SERVER_CPU_LIMIT
                        + " core is dropped): " + e.getMessage());
                plan = plan.withoutCpuLimit();
                writeEnvironment(null);
            }
        }
    }

    private void runServer(String server, int repeat) throws IOException {
        String suffix = plan.repeats() > 1 ? "-r" + repeat : "";
        ServerUnderTest sut;
        pinning = null;
        if (plan.isTarget(server)) {
            progress(server + ": target " + plan.targets().get(server) + " (no process sampling)");
            sut = ServerUnderTest.target(plan, server);
            serverCommands.put(server, List.of("(target) " + plan.targets().get(server)));
        } else {
            progress(server + ": starting (" + String.join(" ", plan.serverJvmOptions()) + ")");
            if (plan.serverCpuLimit() > 0 || plan.serverMemoryLimit() > 0) {
                try {
                    cgroup = ServerCgroup.create(server, plan.serverCpuLimit(), plan.cpuQuotaPeriod(),
                            plan.serverMemoryLimit());
                } catch (IllegalStateException e) {
                    throw new LabFailure("cannot give server " + server + " its budget: " + e.getMessage());
                }
            }
            List<String> dbArgs = database == null ? List.of() : database.serverArgs();
            pinning = PinnedEvents.recorded(server) ? results.logs().resolve(server + suffix + "-pinning.jfr") : null;
            serverCommands.put(server, ServerUnderTest.command(plan, server, cgroup, dbArgs, pinning));
            sut = ServerUnderTest.start(plan, server, results.logs().resolve(server + ".log"), processes, cgroup, dbArgs,
                    pinning);
            progress(server + ": pid " + sut.pid() + ", " + sut.baseUri);
            Map<String, Object> placement = new LinkedHashMap<>();
            placement.put("pid", sut.pid());
            placement.put("cpusAllowed", CpuSet.ofProcess(Long.toString(sut.pid())).toString());
            placement.put("cgroup", cgroup == null ? null : cgroup.cpuDir().toString());
            placement.put("cgroupVersion", cgroup == null ? null : cgroup.version());
            placement.put("cpuLimit", plan.serverCpuLimit() > 0 ? plan.serverCpuLimit() : null);
            placement.put("memoryLimitBytes", plan.serverMemoryLimit() > 0 ? plan.serverMemoryLimit() : null);
            placement.put("availableProcessors", availableProcessors(sut));
            serverPlacement.put(server, placement);
        }
        sampler.server(server, sut.pid(), sut.baseUri, cgroup);
        Path tmp = results.gatling().resolve(".tmp-" + server + suffix);
        Files.createDirectories(tmp);
        Path gatlingLog = results.logs().resolve("gatling-" + server + suffix + ".log");
        List<String> cmd = GatlingRun.command(plan, sut.baseUri, tmp.toAbsolutePath(), server + " " + results.runId);
        gatlingCommand = cmd;
        if (!plan.jitWarmup().isZero()) {
            budget(false);
            progress(server + ": Gatling starts; then JIT warm-up " + warmupSpan()
                    + " (not measured" + (budgetLifted ? ", CPU budget lifted until the first level" : "") + ")");
        }
        current = sut;
        restart = null;
        GatlingRun gatling = GatlingRun.start(cmd, gatlingLog, processes, (key, start) -> levelStarted(server, key, start),
                jit -> jitSettled(server, suffix, jit));
        sampler.generator(gatling.process.pid());
        long deadline = System.nanoTime() + (long) ((plan.suiteSeconds() * 2 + 120) * 1e9);
        LabFailure failure = null;
        try {
            while (gatling.process.isAlive()) {
                if (!sut.alive()) {
                    failure = new LabFailure("server " + server + " died during the suite (exit "
                            + ServerUnderTest.exitCode(sut.process) + "; see " + results.logs().resolve(server + ".log") + ")");
                    break;
                }
                if (System.nanoTime() > deadline) {
                    failure = new LabFailure("Gatling against " + server + " overran its time ("
                            + clock(plan.suiteSeconds() * 2 + 120) + "); see " + gatlingLog);
                    break;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new LabFailure("interrupted");
        }
        if (failure != null) {
            processes.stop(gatling.process, plan.stopTimeout());
        }
        gatling.drain();
        sampler.generator(-1);
        if (failure == null) {
            int exit = gatling.process.exitValue();
            if (exit == 2) {
                List<String> failed = gatling.assertionLines.stream().filter(l -> l.contains(" : false")).toList();
                warn("Gatling assertions failed against " + server + ": "
                        + (failed.isEmpty() ? "see " + gatlingLog : String.join("; ", failed)));
            } else if (exit != 0) {
                failure = new LabFailure("Gatling failed against " + server + " (exit " + exit + "): "
                        + ServerUnderTest.lastLine(gatlingLog, 0) + " (see " + gatlingLog + ")");
            }
        }
        List<PinnedEvents.Pin> pins = pinning != null && sut.alive() ? pins(server, sut.pid(), pinning) : null;
        Map<String, Object> restartFigures = null;
        if (restart != null) {
            try {
                restartFigures = restart.figures();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        collect(server, repeat, suffix, tmp, gatling, failure != null, pins, restartFigures);
        if (failure != null) {
            if (sut.local()) {
                processes.stop(sut.process, plan.stopTimeout());
            }
            closeCgroup();
            throw failure;
        }
        if (sut.local()) {
            progress(server + ": stopping");
            sampler.noServer();
            if (!processes.stop(sut.process, plan.stopTimeout())) {
                warn("server " + server + " did not stop within " + RunPlan.Durations.format(plan.stopTimeout())
                        + " of SIGTERM and was killed");
            }
        } else {
            sampler.noServer();
        }
        closeCgroup();
        synchronized (lock) {
            writeData();
            writeRunJson("incomplete", "running");
        }
    }

    /**
     * The restart's figures with the orders check: every order the server acknowledged in its suite
     * (Gatling's 201s of every order-create request) against the rows PostgreSQL holds beyond the
     * seeded ones. More rows than acknowledgements is no loss (a write committed just as the
     * connection broke is stored but answered 503); fewer is.
     */
    private Map<String, Object> ordersKept(Map<String, Object> figures, GatlingLog.Content log) {
        Map<String, Object> f = new LinkedHashMap<>(figures);
        long acknowledged = 0;
        for (Map.Entry<String, GatlingLog.RequestStats> e : log.requests().entrySet()) {
            if (RequestName.parse(e.getKey()).map(n -> org.threadlab.load.RestartSimulation.CREATE.equals(n.endpoint()))
                    .orElse(false)) {
                acknowledged += e.getValue().ok();
            }
        }
        try {
            long stored = database.orderCount() - org.threadlab.core.db.DataSet.ORDERS;
            f.put("ordersAcknowledged", acknowledged);
            f.put("ordersStored", stored);
            f.put("ordersLost", Math.max(0, acknowledged - stored));
        } catch (RuntimeException e) {
            f.put("ordersError", e.getMessage());
        }
        return f;
    }

    /** The server's pinned events so far (its recording dumped now), or null with a warning when there are none to read. */
    private List<PinnedEvents.Pin> pins(String server, long pid, Path file) {
        String why = PinnedEvents.dump(pid, file);
        if (why == null) {
            try {
                return PinnedEvents.read(file);
            } catch (IOException | RuntimeException e) {
                why = "cannot read " + file + ": " + e.getMessage();
            }
        }
        warn("no pinning figures for " + server + ": " + why);
        return null;
    }

    /** Reads what Gatling wrote (even after a failure: the levels that finished still count). */
    private void collect(String server, int repeat, String suffix, Path tmp, GatlingRun gatling, boolean failed,
                         List<PinnedEvents.Pin> pins, Map<String, Object> restartFigures) throws IOException {
        Path runFolder;
        try {
            runFolder = GatlingLog.runFolder(tmp);
        } catch (IOException e) {
            if (!failed) {
                throw new LabFailure("Gatling wrote no results for " + server + ": " + e.getMessage());
            }
            return;
        }
        Path report = results.gatling().resolve(server + suffix);
        deleteTree(report);
        Files.move(runFolder, report, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(tmp);
        for (String scenario : plan.scenarios()) {
            // results/README.md names one report folder per server and scenario; the suite writes one
            // report per server, so each scenario's name links to it.
            Path link = results.gatling().resolve(server + "-" + scenario + suffix);
            Files.deleteIfExists(link);
            try {
                Files.createSymbolicLink(link, report.getFileName());
            } catch (IOException | UnsupportedOperationException e) {
                // no symlinks here: run.json still names the report
            }
            gatlingReports.put(server + "/" + scenario + (suffix.isEmpty() ? "" : "/" + suffix.substring(1)),
                    "gatling/" + server + "-" + scenario + suffix + "/index.html");
        }
        GatlingLog.Content log = GatlingLog.read(report);
        if (restartFigures != null) {
            restarts.put(server + suffix, ordersKept(restartFigures, log));
        }
        io.gatling.charts.stats.LogFileData gatlingData = null;
        try {
            gatlingData = GatlingFigures.read(report);
        } catch (RuntimeException | AssertionError e) {
            warn("Gatling's own reader could not read " + report + ": " + e.getMessage());
        }
        List<LevelResults.Window> windows = LevelResults.windows(plan, gatling.levelStarts);
        long now = System.currentTimeMillis();
        if (failed) {
            windows = windows.stream().filter(w -> w.end() <= now).toList();
        }
        List<Sampler.Sample> samples = sampler.samples();
        synchronized (lock) {
            allWindows.addAll(windows);
            List<LevelRow> added = LevelResults.rows(plan, server, repeat, log, gatlingData, windows, samples, pins);
            rows.addAll(added);
            for (LevelRow r : added) {
                if (r.samples() < 2) {
                    warnings.add(server + " " + r.scenario() + " " + RequestName.formatLevel(r.level()) + " "
                            + r.levelUnit() + " " + r.step() + ": fewer than 2 resource samples in the window (the machine"
                            + " stalled?); its resource figures are missing");
                }
            }
            for (LevelRow r : added) {
                if (!LimitedBy.NONE.equals(r.limitedBy())) {
                    progress(server + ": " + r.scenario() + " " + RequestName.formatLevel(r.level()) + " " + r.levelUnit()
                            + (RequestName.MEASURE.equals(r.step()) ? "" : " " + r.step())
                            + " limited by " + r.limitedBy() + " (" + r.limitedByReason() + ")");
                }
            }
            addSampleRows(server, samples, windows);
        }
    }

    private void addSampleRows(String server, List<Sampler.Sample> samples, List<LevelResults.Window> windows) {
        Sampler.Sample prev = null;
        long firstWindow = windows.stream().mapToLong(LevelResults.Window::start).min().orElse(Long.MAX_VALUE);
        long lastWindow = windows.stream().mapToLong(LevelResults.Window::end).max().orElse(Long.MIN_VALUE);
        long alreadyUpTo = sampleRows.stream().filter(r -> server.equals(r.get("server")))
                .mapToLong(r -> (Long) r.get("epochMs")).max().orElse(Long.MIN_VALUE);
        for (Sampler.Sample s : samples) {
            if (!s.server().equals(server) || s.epochMs() <= alreadyUpTo) {
                prev = s.server().equals(server) ? s : prev;
                continue;
            }
            LevelResults.Window w = windows.stream().filter(x -> x.contains(s.epochMs())).findFirst().orElse(null);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("server", server);
            r.put("scenario", w == null ? (s.epochMs() < firstWindow ? "(start)" : s.epochMs() >= lastWindow ? "(end)"
                    : "(between)") : w.scenario());
            r.put("level", w == null ? null : RequestName.formatLevel(w.level()));
            r.put("epochMs", s.epochMs());
            r.put("elapsedMs", s.epochMs() - startEpochMs);
            r.put("serverCpuPct", rate(prev, s, Sampler.Sample::serverCpuTicks));
            r.put("serverRssMb", s.serverRssKb() < 0 ? null : LevelResults.round(s.serverRssKb() / 1024.0, 1));
            Sampler.Stats st = s.stats();
            r.put("heapUsedMb", st == null ? null : LevelResults.round(st.heapUsedBytes() / 1048576.0, 1));
            r.put("liveThreads", st == null ? null : st.liveThreads());
            r.put("gcCount", st == null ? null : st.gcCount());
            r.put("gcTimeMs", st == null ? null : st.gcTimeMs());
            r.put("inFlight", st == null ? null : st.inFlight());
            r.put("dbWaiting", st == null ? null : st.dbWaiting());
            r.put("generatorCpuPct", rate(prev, s, Sampler.Sample::generatorCpuTicks));
            // added columns
            r.put("step", w == null ? null : w.step());
            r.put("machineCpuPct", rate(prev, s, Sampler.Sample::machineBusyTicks));
            r.put("statsAgeMs", st == null ? null : s.epochMs() - st.epochMs());
            sampleRows.add(r);
            prev = s;
        }
    }

    private static Double rate(Sampler.Sample prev, Sampler.Sample s, java.util.function.ToLongFunction<Sampler.Sample> f) {
        if (prev == null || f.applyAsLong(prev) < 0 || f.applyAsLong(s) < 0 || s.epochMs() <= prev.epochMs()) {
            return null;
        }
        double cpuMs = (f.applyAsLong(s) - f.applyAsLong(prev)) * 1000.0 / ProcFs.CLOCK_TICKS_PER_SECOND;
        return LevelResults.round(cpuMs / (s.epochMs() - prev.epochMs()) * 100.0, 1);
    }

    /** The server's own view of its CPUs (GET /stats jvm.availableProcessors), or null. */
    private static Integer availableProcessors(ServerUnderTest sut) {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sut.baseUri + "/stats"))
                    .timeout(java.time.Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("jvm").path("availableProcessors");
            return n.isNumber() ? n.asInt() : null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    /**
     * The CPU budget is lifted for the unmeasured JIT warm-up (so that the JIT compilers finish
     * their work before the first level, instead of eating into the measured budget) and put back
     * when the first measured level starts.
     */
    private void budget(boolean on) {
        ServerCgroup g = cgroup;
        if (g == null || plan.serverCpuLimit() <= 0 || budgetLifted == !on) {
            return;
        }
        try {
            g.applyQuota(on);
            budgetLifted = !on;
        } catch (IOException e) {
            warn("could not " + (on ? "restore" : "lift") + " the CPU budget: " + e.getMessage());
        }
    }

    private void closeDatabase() {
        LabDatabase d = database;
        if (d != null) {
            try {
                d.close();
            } catch (RuntimeException e) {
                warn("the database did not stop cleanly: " + e.getMessage());
            }
        }
    }

    private void closeCgroup() {
        ServerCgroup g = cgroup;
        cgroup = null;
        budgetLifted = false;
        if (g != null) {
            g.close();
        }
    }

    private String warmupSpan() {
        return plan.jitWarmupMax().equals(plan.jitWarmup()) ? RunPlan.Durations.format(plan.jitWarmup())
                : RunPlan.Durations.format(plan.jitWarmup()) + " to " + RunPlan.Durations.format(plan.jitWarmupMax())
                + ", until the JIT settles";
    }

    private void jitSettled(String server, String suffix, Map<String, Object> jit) {
        Object compile = jit.get("serverJitCompileMs");
        progress(server + ": JIT warm-up ended after " + clock(((Long) jit.get("afterMs")) / 1000.0) + " ("
                + jit.get("endedBecause") + (compile == null ? "" : "; server JIT compile time " + compile + " ms")
                + ")");
        Map<String, Object> entry = new LinkedHashMap<>(jit);
        entry.put("repeat", suffix.isEmpty() ? 1 : Integer.parseInt(suffix.substring(2)));
        jitWarmups.computeIfAbsent(server, k -> new java.util.ArrayList<>()).add(entry);
    }

    private void levelStarted(String server, String key, long startEpochMs) {
        budget(true);
        List<LevelPlan> plans = plan.levelPlans();
        LevelPlan level = plans.stream().filter(l -> l.key().equals(key)).findFirst().orElse(null);
        if (level == null) {
            progress(server + " " + key);
            return;
        }
        LabDatabase d = database;
        ServerUnderTest s = current;
        if (level.scenario().equals(org.threadlab.load.RestartSimulation.NAME) && d != null && d.restartable()
                && s != null && s.baseUri != null) {
            restart = DatabaseRestart.start(d, level, startEpochMs, s.baseUri, m -> progress(server + ": " + m),
                    sampler::database);
        }
        String scenario = level.scenario();
        List<LevelPlan> ofScenario = plans.stream().filter(l -> l.scenario().equals(scenario)).toList();
        String unit = Scenarios.of(scenario).closed() ? " clients" : " req/s";
        // a stepped scenario counts its levels ("level 50 clients (2/4)"); spike, faults and stall are one clock
        boolean stepped = level.phases().stream().anyMatch(p -> p.step().equals(RequestName.MEASURE));
        String detail = (stepped ? "level " : "") + RequestName.formatLevel(level.level()) + unit
                + (stepped ? " (" + (ofScenario.indexOf(level) + 1) + "/" + ofScenario.size() + ")" : "")
                + ": " + level.describe();
        progress(server + " " + scenario + " " + detail);
    }

    private void progress(String message) {
        double elapsed = elapsedSeconds();
        double left = Math.max(0, plan.totalSeconds() - elapsed);
        out.printf(Locale.ROOT, "[%s elapsed, ~%s left] %s%n", clock(elapsed), clock(left), message);
        out.flush();
    }

    private void warn(String message) {
        synchronized (lock) {
            warnings.add(message);
        }
        progress("warning: " + message);
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Ctrl-C or SIGTERM: stop everything this run started, keep what was measured, say so. */
    private void onSignal() {
        if (finished) {
            return;
        }
        interrupted = true;
        processes.stopAll(plan.stopTimeout());
        closeDatabase();
        closeCgroup();
        finish("incomplete", "interrupted (Ctrl-C or SIGTERM) after " + clock(elapsedSeconds()));
        err.println("lab: interrupted; partial results in " + results.dir);
        err.flush();
    }

    private void finish(String status, String reason) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
            writeData();
            writeRunJson(status, reason);
            writeEnvironment(Instant.now().toString());
        }
    }

    private void writeData() {
        LevelRows.write(results.dir, rows);
        writeFaultTraces();
        results.writeCsv("samples.csv", sampleRows, List.of("server", "scenario", "level", "epochMs", "elapsedMs",
                "serverCpuPct", "serverRssMb", "heapUsedMb", "liveThreads", "gcCount", "gcTimeMs", "inFlight",
                "dbWaiting", "generatorCpuPct"));
    }

    /** fault-traces.json: per server, the first failed query's stack from its log (--trace-first-fault). */
    private void writeFaultTraces() {
        Map<String, Object> traces = new LinkedHashMap<>();
        for (String server : plan.servers()) {
            Path log = results.logs().resolve(server + ".log");
            if (!Files.isRegularFile(log)) {
                continue;
            }
            try {
                List<FaultTrace.Trace> found = FaultTrace.read(Files.readAllLines(log));
                if (!found.isEmpty()) {
                    traces.put(server, found.get(0));
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                warn("could not read the fault trace of " + server + " from " + log + ": " + e.getMessage());
            }
        }
        if (!traces.isEmpty()) {
            results.writeJson("fault-traces.json", traces);
        }
    }

    private void writeRunJson(String status, String reason) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("status", status);
        run.put("reason", reason);
        run.put("profile", plan.profile().id());
        run.put("servers", plan.servers());
        run.put("scenarios", plan.scenarios());
        run.put("warnings", new ArrayList<>(warnings));
        run.put("gatlingReports", new LinkedHashMap<>(gatlingReports));
        run.put("runId", results.runId);
        run.put("startedAt", startedAt);
        run.put("wallSeconds", LevelResults.round(elapsedSeconds(), 1));
        run.put("plannedSeconds", LevelResults.round(plan.totalSeconds(), 1));
        run.put("repeats", plan.repeats());
        run.put("generatorLimitedRule", "generatorLimited = limitedBy is generator or machine; " + LimitedBy.RULE);
        run.put("limitedByRule", LimitedBy.RULE);
        run.put("jitWarmups", new java.util.TreeMap<>(jitWarmups));
        run.put("levelsMeasured", rows.size());
        run.put("databaseRestarts", new java.util.TreeMap<>(restarts));
        results.writeJson("run.json", run);
    }

    private void writeEnvironment(String endedAt) {
        LabDatabase d = database;
        results.writeJson("environment.json", Environment.describe(plan, serverCommands, gatlingCommand, startedAt, endedAt,
                serverPlacement, d == null ? Map.of("kind", "simulated") : d.describe()));
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
