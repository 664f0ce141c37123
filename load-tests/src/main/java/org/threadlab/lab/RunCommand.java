package org.threadlab.lab;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.threadlab.core.api.CpuResource;
import org.threadlab.core.db.LatencyModel;
import org.threadlab.core.options.Durations;
import org.threadlab.core.options.ServerOptions;
import org.threadlab.load.LoadParameters;
import org.threadlab.load.Scenarios;
import org.threadlab.load.StallSimulation;
import org.threadlab.report.ServerNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab run}: the side-by-side comparison. */
@Command(name = "run", sortOptions = false, usageHelpWidth = 110, mixinStandardHelpOptions = true,
        description = {
            "Runs the Gatling suite against each server in turn (one at a time, each in its own JVM with the same",
            "JVM options), samples CPU, memory and /stats, and writes results/<run-id>/ (results/latest links to it)."})
final class RunCommand implements Callable<Integer> {
    static final List<String> SERVERS = List.of("blocking", "virtual", "reactive");
    static final String DEFAULT_SERVER_CPU_LIMIT = "0.5";
    static final String DEFAULT_SERVER_JVM_OPTIONS = "-Xms512m -Xmx512m -XX:+UseG1GC";
    static final String DEFAULT_GATLING_JVM_OPTIONS = "-Xms1g -Xmx1g -XX:+UseG1GC -XX:+ParallelRefProcEnabled"
            + " -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 --add-opens=java.base/java.lang=ALL-UNNAMED"
            + " --enable-native-access=ALL-UNNAMED";

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "quick",
            description = "smoke (seconds per server, CI), quick (whole comparison in ~5 min) or full (more levels, longer, 3 repeats) (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--servers", paramLabel = "LIST", defaultValue = "blocking,virtual,reactive",
            description = {"Servers to drive, in this order: MODEL (on its default engine) or MODEL:ENGINE, e.g.",
                "virtual:netty,virtual:vertx,virtual; 'matrix' runs all seven (blocking netty|vertx, virtual",
                "helidon|netty|vertx, reactive vertx|netty) (default: ${DEFAULT-VALUE})."})
    String servers;

    @Option(names = "--scenarios", paramLabel = "LIST", completionCandidates = ScenarioNames.class,
            description = "Scenarios of the suite, run in this order against each server (default: all of "
                    + "${COMPLETION-CANDIDATES}, in that order; the quick profile leaves out stall; restart only with "
                    + "--db postgres on the embedded PostgreSQL).")
    String scenarios;

    /** The suite's scenario names, for the help text. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Scenarios.names().iterator();
        }
    }

    @Option(names = "--levels", paramLabel = "[SCENARIO=]LIST",
            description = {"Levels: clients for capacity/mixed, req/s for latency, 'base,burst' req/s for spike, one",
                "req/s for faults and one read rate for stall; without SCENARIO= for every selected scenario;",
                "repeatable (default: per profile; latency, spike, faults and stall as multiples of the blocking",
                "bound workers/latency)."})
    List<String> levels = new ArrayList<>();

    @Option(names = "--warmup", paramLabel = "DURATION", description = "Warm-up of each level, excluded from results (default: per profile: 500ms smoke, 2s quick, 5s full).")
    String warmup;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Measured window of each level (default: per profile: 1500ms smoke, 5s quick, 15s full).")
    String duration;

    @Option(names = "--jit-warmup", paramLabel = "DURATION", description = "Unmeasured mixed load before the first level, for a fresh server JVM, at least this long (default: per profile: 1s, 4s, 15s).")
    String jitWarmup;

    @Option(names = "--jit-warmup-max", paramLabel = "DURATION", description = "The warm-up goes on until the server's JIT compilers settle, at most this long (default: per profile: 1s, 20s, 60s; never below --jit-warmup).")
    String jitWarmupMax;

    @Option(names = "--repeats", paramLabel = "N", description = "Runs of the whole suite per server, to show the spread (default: per profile: 1, 1, 3).")
    Integer repeats;

    @Option(names = "--db-latency", paramLabel = "MODEL", defaultValue = "50ms",
            description = "Latency of one simulated query: 50ms, uniform:20ms..80ms or lognormal:mean=50ms,p99=400ms (default: ${DEFAULT-VALUE}).")
    String dbLatency;

    @Option(names = "--db", paramLabel = "KIND", defaultValue = "simulated",
            description = {"The database behind every server: simulated (in memory) or postgres (one PostgreSQL for the",
                "run, embedded unless --db-url names one, off the server's CPUs; reloaded by each server) (default: ${DEFAULT-VALUE})."})
    String db;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "With --db postgres: postgresql://user[:password]@host[:port]/database of a running PostgreSQL "
                    + "(each server drops and reloads schema threadlab there) (default: an embedded one).")
    String dbUrl;

    @Option(names = "--db-pool-size", paramLabel = "N",
            description = {"Queries the database admits at once, the same for every server (PostgreSQL: the connections",
                "of each server's pool); 0 = unlimited, simulated only (default: 0 simulated, "
                        + ServerOptions.DEFAULT_POSTGRES_POOL + " postgres)."})
    Integer dbPoolSize;

    @Option(names = "--stall-rounds", paramLabel = "N",
            description = {"SHA-256 rounds of each CPU-heavy request of the stall scenario, 1 to 1,000,000 (default: "
                + StallSimulation.DEFAULT_ROUNDS + ", some 60 ms of one core)."})
    Integer stallRounds;

    @Option(names = "--stall-share", paramLabel = "FRACTION",
            description = {"CPU-heavy requests per item read in the stall scenario's stall window, above 0 and at most 1",
                "(default: " + StallSimulation.DEFAULT_HEAVY_SHARE + ", at least one a second)."})
    Double stallShare;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "50",
            description = {"Platform threads of the blocking server's pool (the server's own default is 200; 50 puts its",
                "bound, workers/latency = 1000 req/s at 50ms, within what one 2-core machine can drive) (default: ${DEFAULT-VALUE})."})
    int workers;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "Platform threads that run each server's non-blocking work, the same for all: Netty's I/O "
                    + "event loops (blocking), virtual-thread carriers (virtual), Vert.x's event loops (reactive) "
                    + "(default: 2 x CPUs, Netty's and Vert.x's own default; here ${DEFAULT-VALUE}).")
    int ioThreads = ServerOptions.DEFAULT_IO_THREADS;

    @Option(names = "--server-cpus", paramLabel = "LIST", defaultValue = CpuLayout.AUTO,
            description = {"CPUs of the server under test, e.g. 1 or 4-7; auto = the upper half of the CPUs the lab may use",
                "(floor(n/2); on 2 CPUs: CPU 1); shared = no pinning, server and Gatling compete (default: ${DEFAULT-VALUE})."})
    String serverCpus;

    @Option(names = "--generator-cpus", paramLabel = "LIST", defaultValue = CpuLayout.AUTO,
            description = "CPUs of Gatling and the lab itself; auto = the CPUs the server does not get (default: ${DEFAULT-VALUE}).")
    String generatorCpus;

    @Option(names = "--server-cpu-limit", paramLabel = "CORES", defaultValue = DEFAULT_SERVER_CPU_LIMIT,
            description = {"CPU budget of the server, like a container's CPU limit, through the kernel's CFS quota (a cgroup);",
                "none = only its CPU set. The default is dropped with a warning where cgroups are not writable;",
                "an explicit budget stops the run there (default: ${DEFAULT-VALUE})."})
    String serverCpuLimit;

    @Option(names = "--cpu-quota-period", paramLabel = "DURATION", defaultValue = "10ms",
            description = {"CFS period of the budget, 1ms..100ms: the budget is granted per period, a short one keeps a throttled",
                "JVM from stalling for tens of ms (the kernel's default is 100ms) (default: ${DEFAULT-VALUE})."})
    String cpuQuotaPeriod;

    @Option(names = "--server-memory-limit", paramLabel = "SIZE",
            description = "Memory limit of the server's cgroup, e.g. 768m (default: none; the heap is set by --server-jvm-opts).")
    String serverMemoryLimit;

    @Option(names = "--server-jvm-opts", paramLabel = "OPTIONS", defaultValue = DEFAULT_SERVER_JVM_OPTIONS,
            description = "JVM options of every server, the same for all (default: ${DEFAULT-VALUE}).")
    String serverJvmOpts;

    @Option(names = "--gatling-jvm-opts", paramLabel = "OPTIONS", defaultValue = DEFAULT_GATLING_JVM_OPTIONS,
            description = "JVM options of the Gatling process (default: ${DEFAULT-VALUE}).")
    String gatlingJvmOpts;

    @Option(names = "--server-arg", paramLabel = "ARG",
            description = "Extra option for every server, e.g. --server-arg=--max-in-flight=5000; repeatable.")
    List<String> serverArgs = new ArrayList<>();

    @Option(names = "--server-port", paramLabel = "NAME=PORT",
            description = "Port of a server the lab starts (default: 0, any free port); repeatable.")
    List<String> serverPorts = new ArrayList<>();

    @Option(names = "--target", paramLabel = "NAME=URL",
            description = {"Drive a server already running at URL instead of starting one (e.g. virtual=http://10.0.0.5:8082);",
                "process sampling is skipped for it, /stats sampling is kept; repeatable."})
    List<String> targets = new ArrayList<>();

    @Option(names = "--results-dir", paramLabel = "DIR", defaultValue = "results",
            description = "Where results/<run-id>/ and results/latest go (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--startup-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "Longest wait for a server to print its address and answer /health (default: ${DEFAULT-VALUE}).")
    String startupTimeout;

    @Option(names = "--stop-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Longest wait after SIGTERM before a process is killed (default: ${DEFAULT-VALUE}).")
    String stopTimeout;

    @Override
    public Integer call() {
        RunPlan plan = plan();
        return new LabRun(plan, System.out, System.err).execute();
    }

    /** Resolves the options into a plan; a bad option is a {@link LabFailure} with exit status 2. */
    RunPlan plan() {
        Profile p = Profile.valueOf(choice("--profile", profile, Arrays.stream(Profile.values()).map(Profile::id).toList())
                .toUpperCase(Locale.ROOT));
        List<String> serverList = serverNames(servers);
        Map<String, URI> targetMap = new LinkedHashMap<>();
        for (String t : targets) {
            String[] kv = pair("--target", t);
            try {
                URI uri = URI.create(kv[1].replaceAll("/+$", ""));
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                targetMap.put(kv[0], uri);
            } catch (IllegalArgumentException e) {
                throw usage("--target " + t + ": '" + kv[1] + "' is not a URL like http://host:port");
            }
        }
        for (String s : serverList) {
            if (!SERVERS.contains(ServerNames.model(s)) && !targetMap.containsKey(s)) {
                throw usage("unknown server '" + s + "' (known: " + String.join(", ", SERVERS)
                        + "; another name needs --target " + s + "=URL)");
            }
        }
        for (String t : targetMap.keySet()) {
            if (!serverList.contains(t)) {
                throw usage("--target " + t + "=...: '" + t + "' is not in --servers " + servers);
            }
        }
        String dbKind = choice("--db", db, List.of("simulated", "postgres"));
        boolean postgres = dbKind.equals("postgres");
        boolean embeddedPostgres = postgres && dbUrl == null;
        List<String> scenarioList = names("--scenarios", scenarios == null
                ? String.join(",", p.defaultScenarios(embeddedPostgres)) : scenarios, Scenarios.names());
        if (scenarioList.contains(org.threadlab.load.RestartSimulation.NAME) && !embeddedPostgres) {
            throw usage("the restart scenario stops and starts the run's own PostgreSQL: it needs --db postgres"
                    + " without --db-url");
        }
        LatencyModel latency;
        try {
            latency = LatencyModel.parse(dbLatency);
        } catch (IllegalArgumentException e) {
            throw usage("--db-latency: " + e.getMessage());
        }
        double latencySeconds = latency.mean().toNanos() / 1e9;
        if (!(latencySeconds > 0)) {
            throw usage("--db-latency must have a mean above zero, got " + dbLatency);
        }
        if (workers < 1) {
            throw usage("--workers must be >= 1, got " + workers);
        }
        if (ioThreads < 1 || ioThreads > ServerOptions.MAX_IO_THREADS) {
            throw usage("--io-threads must be 1.." + ServerOptions.MAX_IO_THREADS + ", got " + ioThreads);
        }
        int poolSize = dbPoolSize != null ? dbPoolSize : postgres ? ServerOptions.DEFAULT_POSTGRES_POOL : 0;
        if (poolSize < 0) {
            throw usage("--db-pool-size must be >= 0, got " + poolSize);
        }
        if (postgres && (poolSize < 1 || poolSize > ServerOptions.MAX_POSTGRES_POOL)) {
            throw usage("--db-pool-size must be 1.." + ServerOptions.MAX_POSTGRES_POOL
                    + " with --db postgres (a pool of connections cannot be unlimited), got " + poolSize);
        }
        if (dbUrl != null && !postgres) {
            throw usage("--db-url needs --db postgres");
        }
        if (dbUrl != null) {
            try {
                org.threadlab.core.db.postgres.PostgresTarget.parse(dbUrl);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        double blockingBound = workers / latencySeconds;
        Map<String, List<Double>> levelMap = new LinkedHashMap<>();
        for (String scenario : scenarioList) {
            levelMap.put(scenario, p.levels(scenario, blockingBound));
        }
        for (String l : levels) {
            int eq = l.indexOf('=');
            List<String> which = eq < 0 ? scenarioList : List.of(l.substring(0, eq).trim());
            String list = eq < 0 ? l : l.substring(eq + 1);
            for (String scenario : which) {
                if (!Scenarios.names().contains(scenario)) {
                    throw usage("--levels " + l + ": unknown scenario '" + scenario + "' (known: "
                            + String.join(", ", Scenarios.names()) + ")");
                }
                List<Double> parsed;
                try {
                    parsed = LoadParameters.levels(list);
                } catch (IllegalArgumentException e) {
                    throw usage("--levels " + l + ": " + e.getMessage());
                }
                if (scenario.equals("spike") && parsed.size() != 2) {
                    throw usage("--levels " + l + ": spike takes two rates, base and burst, e.g. spike=200,2000");
                }
                if ((scenario.equals("faults") || scenario.equals("stall")) && parsed.size() != 1) {
                    if (eq < 0) {
                        continue; // a list for every scenario: faults and stall keep their one rate from the profile
                    }
                    throw usage("--levels " + l + ": " + scenario + " takes one rate, e.g. " + scenario + "=500");
                }
                if (Scenarios.of(scenario).closed() && parsed.stream().anyMatch(v -> v != Math.rint(v))) {
                    throw usage("--levels " + l + ": " + scenario + " levels are client counts (whole numbers)");
                }
                if (levelMap.containsKey(scenario)) {
                    levelMap.put(scenario, parsed);
                }
            }
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String sp : serverPorts) {
            String[] kv = pair("--server-port", sp);
            try {
                int port = Integer.parseInt(kv[1]);
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.put(kv[0], port);
            } catch (NumberFormatException e) {
                throw usage("--server-port " + sp + ": the port must be 0..65535");
            }
            if (!SERVERS.contains(ServerNames.model(kv[0]))) {
                throw usage("--server-port " + sp + ": unknown server '" + kv[0] + "'");
            }
        }
        CpuLayout cpus;
        try {
            cpus = CpuLayout.resolve(serverCpus, generatorCpus, CpuSet.allowed());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        double cpuLimit = 0;
        if (!serverCpuLimit.trim().equalsIgnoreCase("none")) {
            try {
                cpuLimit = Double.parseDouble(serverCpuLimit.trim());
            } catch (NumberFormatException e) {
                cpuLimit = -1;
            }
            if (!(cpuLimit >= 0.01) || cpuLimit > 1024) {
                throw usage("--server-cpu-limit must be a number of cores like 0.5 or 2 (at least 0.01), or none; got "
                        + serverCpuLimit);
            }
            if (cpus.pinned() && cpuLimit > cpus.server().size()) {
                throw usage("--server-cpu-limit " + serverCpuLimit + " is more than the " + cpus.server().size()
                        + " CPU(s) of --server-cpus " + cpus.server() + "; give it more CPUs or a smaller budget");
            }
        }
        Duration period = duration("--cpu-quota-period", cpuQuotaPeriod, null);
        if (period.toNanos() < 1_000_000 || period.toNanos() > 100_000_000) {
            throw usage("--cpu-quota-period must be 1ms..100ms, got " + cpuQuotaPeriod);
        }
        long memoryLimit = 0;
        if (serverMemoryLimit != null && !serverMemoryLimit.isBlank()) {
            try {
                memoryLimit = ServerCgroup.parseBytes(serverMemoryLimit);
            } catch (IllegalArgumentException e) {
                throw usage("--server-memory-limit: " + e.getMessage());
            }
        }
        Duration jitMin = duration("--jit-warmup", jitWarmup, p.jitWarmup);
        Duration jitMax = duration("--jit-warmup-max", jitWarmupMax, p.jitWarmupMax);
        if (jitMax.compareTo(jitMin) < 0) {
            if (jitWarmupMax != null) {
                throw usage("--jit-warmup-max (" + jitWarmupMax + ") is shorter than --jit-warmup ("
                        + RunPlan.Durations.format(jitMin) + ")");
            }
            jitMax = jitMin;
        }
        checkMachine(serverList, scenarioList, levelMap, workers);
        return new RunPlan(p, serverList, scenarioList, levelMap,
                duration("--warmup", warmup, p.warmup), duration("--duration", duration, p.duration),
                p.spikeBurst, p.spikeRecovery, jitMin, jitMax,
                repeats == null ? p.repeats : positive("--repeats", repeats),
                latency.text(), latencySeconds, poolSize, workers, ioThreads,
                split(serverJvmOpts), split(gatlingJvmOpts), List.copyOf(serverArgs), ports, targetMap,
                resultsDir, duration("--startup-timeout", startupTimeout, null),
                duration("--stop-timeout", stopTimeout, null), root(), cpus, cpuLimit,
                !serverCpuLimit.equals(DEFAULT_SERVER_CPU_LIMIT), period, memoryLimit, dbKind, dbUrl,
                stallRounds(), stallShare());
    }

    static Path root() {
        String root = System.getProperty("threadlab.root");
        Path path = Path.of(root == null || root.isBlank() ? "." : root).toAbsolutePath().normalize();
        return Files.isDirectory(path) ? path : Path.of(".").toAbsolutePath().normalize();
    }

    private static List<String> split(String options) {
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    private static String choice(String option, String value, List<String> allowed) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw usage("unknown " + option.substring(2) + " '" + value + "' (known: " + String.join(", ", allowed) + ")");
        }
        return v;
    }

    /**
     * Refuses, in one line, a run the machine cannot hold: more clients than open files allow, or a
     * blocking pool (--workers or a blocking@N control) beyond what the kernel gives one process.
     */
    private static void checkMachine(List<String> servers, List<String> scenarios, Map<String, List<Double>> levels,
                                     int workers) {
        long clients = 0;
        for (String scenario : scenarios) {
            if (Scenarios.of(scenario).closed()) {
                clients = Math.max(clients, levels.get(scenario).stream().mapToLong(Math::round).max().orElse(0));
            }
        }
        long threads = 0;
        for (String server : servers) {
            if (ServerNames.model(server).equals("blocking")) {
                Integer own = ServerNames.workers(server);
                threads = Math.max(threads, own != null ? own : workers);
            }
        }
        List<String> problems = MachineLimits.read().problems(clients, threads);
        if (!problems.isEmpty()) {
            throw new LabFailure("this machine cannot hold the run: " + String.join("; ", problems));
        }
    }

    /** {@code --servers}: names as {@link ServerNames} spells them, {@code matrix} expanded; no repeats. */
    private static List<String> serverNames(String list) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String token : list.split(",")) {
            if (token.isBlank()) {
                continue;
            }
            if (token.trim().equalsIgnoreCase("matrix")) {
                out.addAll(ServerNames.matrix());
                continue;
            }
            try {
                out.add(ServerNames.normalize(token));
            } catch (IllegalArgumentException e) {
                throw usage("--servers: " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw usage("--servers names nothing");
        }
        return List.copyOf(out);
    }

    private static List<String> names(String option, String list, List<String> allowed) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String name : list.split(",")) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            if (allowed != null && !allowed.contains(n)) {
                throw usage("unknown " + option.substring(2, option.length() - 1) + " '" + name.trim() + "' (known: "
                        + String.join(", ", allowed) + ")");
            }
            out.add(n);
        }
        if (out.isEmpty()) {
            throw usage(option + " names nothing");
        }
        return List.copyOf(out);
    }

    private static String[] pair(String option, String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw usage(option + " " + text + ": expected NAME=VALUE");
        }
        return new String[] {text.substring(0, eq).trim().toLowerCase(Locale.ROOT), text.substring(eq + 1).trim()};
    }

    private static Duration duration(String option, String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private int stallRounds() {
        if (stallRounds == null) {
            return StallSimulation.DEFAULT_ROUNDS;
        }
        if (stallRounds < 1 || stallRounds > CpuResource.MAX_ROUNDS) {
            throw usage("--stall-rounds must be from 1 to " + CpuResource.MAX_ROUNDS + ", got " + stallRounds);
        }
        return stallRounds;
    }

    private double stallShare() {
        if (stallShare == null) {
            return StallSimulation.DEFAULT_HEAVY_SHARE;
        }
        if (!(stallShare > 0 && stallShare <= 1)) {
            throw usage("--stall-share must be above 0 and at most 1, got " + stallShare);
        }
        return stallShare;
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw usage(option + " must be >= 1, got " + value);
        }
        return value;
    }

    private static LabFailure usage(String message) {
        return new LabFailure(message, 2);
    }
}
