package org.threadlab.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples, every {@link #PERIOD_MS} ms, the server process and the Gatling process from /proc
 * (cumulative CPU ticks, RSS) and the machine's CPU counters; a second thread polls the server's
 * /stats as often (an overloaded server may answer late: the latest answer is attached to each
 * sample, with its own time). Rates are derived later from the cumulative counters.
 */
final class Sampler implements AutoCloseable {
    static final long PERIOD_MS = 250;

    /** The server's own figures, from GET /stats. */
    record Stats(long epochMs, long heapUsedBytes, int liveThreads, long gcCount, long gcTimeMs, long processCpuNanos,
                 int inFlight, int dbWaiting, long served, int availableProcessors, long jitCompileMs,
                 int workersQueued, long dbPoolWaits) {
    }

    /** One sample; -1 where a figure is unavailable. */
    record Sample(String server, long epochMs, long serverCpuTicks, long serverRssKb, long generatorCpuTicks,
                  long machineBusyTicks, long machineTotalTicks, Stats stats, long[] cpuBusyTicks,
                  long quotaPeriods, long throttledPeriods, long dbCpuTicks, long dbRssKb, long dbPid,
                  ProcFs.Threads serverThreads) {

        /** The server's context switches so far, or -1 where its threads were not read in this sample. */
        long serverContextSwitches() {
            return serverThreads == null ? -1 : serverThreads.switches();
        }

        /** Busy ticks of a set of CPUs, or -1 where one is unknown. */
        long busyTicks(CpuSet cpus) {
            long sum = 0;
            for (int c : cpus.cpus()) {
                if (c >= cpuBusyTicks.length || cpuBusyTicks[c] < 0) {
                    return -1;
                }
                sum += cpuBusyTicks[c];
            }
            return sum;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread procThread;
    private final Thread statsThread;
    private volatile boolean running = true;
    private volatile String server;
    private volatile long serverPid = -1;
    private volatile long generatorPid = -1;
    private volatile long databasePid = -1;
    private volatile URI statsUri;
    private volatile Stats latestStats;
    private volatile ServerCgroup cgroup;

    Sampler() {
        procThread = Thread.ofPlatform().daemon().name("sampler-proc").start(this::sampleLoop);
        statsThread = Thread.ofPlatform().daemon().name("sampler-stats").start(this::statsLoop);
    }

    /** Samples this server from now on (pid -1: a remote target, /stats only). */
    void server(String name, long pid, URI baseUri, ServerCgroup group) {
        latestStats = null;
        cgroup = group;
        server = name;
        serverPid = pid;
        statsUri = baseUri == null ? null : URI.create(baseUri + "/stats");
    }

    void noServer() {
        server = null;
        serverPid = -1;
        statsUri = null;
        latestStats = null;
        cgroup = null;
    }

    void generator(long pid) {
        generatorPid = pid;
    }

    /** Threads per sample the switch count reads at every sample; beyond, it reads less often. */
    static final int SWITCH_THREADS_PER_SAMPLE = 1_000;
    private long switchSamples;
    private long switchEvery = 1;

    /**
     * The server's threads (context switches, and per role how many run), or null when not read this
     * time: reading costs one /proc file per thread, so a server with 10,000 threads is read every
     * tenth sample (2.5 s) rather than 40,000 files a second on the generator's CPUs. A window's
     * switches are the growth between its first and last reading, and its thread states the mean over
     * its readings, so fewer readings change nothing else.
     */
    private ProcFs.Threads threads(long pid) {
        if (switchSamples++ % switchEvery != 0) {
            return null;
        }
        ProcFs.Threads t = ProcFs.threads(pid);
        switchEvery = Math.max(1, Math.min(10, t.count() / SWITCH_THREADS_PER_SAMPLE));
        return t.voluntary() < 0 ? null : t;
    }

    /** Samples this database process and its children too (a local PostgreSQL's postmaster). */
    void database(long pid) {
        databasePid = pid;
    }

    /** The samples taken so far, oldest first. */
    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private void sampleLoop() {
        long next = System.currentTimeMillis();
        while (running) {
            String name = server;
            if (name != null) {
                long pid = serverPid;
                long gen = generatorPid;
                long dbPid = databasePid;
                long[] machine = ProcFs.machineTicks();
                ServerCgroup g = cgroup;
                long[] throttling = g == null ? new long[] {-1, -1} : g.throttling();
                Sample s = new Sample(name, System.currentTimeMillis(),
                        pid > 0 ? ProcFs.cpuTicks(pid) : -1, pid > 0 ? ProcFs.rssKb(pid) : -1,
                        gen > 0 ? ProcFs.cpuTicks(gen) : -1, machine[0], machine[1], latestStats,
                        ProcFs.cpuBusyTicks(), throttling[0], throttling[1],
                        dbPid > 0 ? ProcFs.treeCpuTicks(dbPid) : -1, dbPid > 0 ? ProcFs.treeRssKb(dbPid) : -1, dbPid,
                        pid > 0 ? threads(pid) : null);
                synchronized (samples) {
                    samples.add(s);
                }
            }
            next += PERIOD_MS;
            sleepUntil(next);
            if (System.currentTimeMillis() > next + PERIOD_MS) {
                next = System.currentTimeMillis(); // fell behind (a stalled machine): do not burst
            }
        }
    }

    private void statsLoop() {
        while (running) {
            long started = System.currentTimeMillis();
            URI uri = statsUri;
            if (uri != null) {
                try {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET()
                            .build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() == 200 && uri.equals(statsUri)) {
                        latestStats = parse(json.readTree(r.body()), System.currentTimeMillis());
                    }
                } catch (Exception e) {
                    // server busy, starting or gone: keep the previous figures
                    if (e instanceof InterruptedException) {
                        return;
                    }
                }
            }
            sleepUntil(started + PERIOD_MS);
        }
    }

    static Stats parse(JsonNode n, long epochMs) {
        JsonNode jvm = n.path("jvm");
        JsonNode db = n.path("database");
        JsonNode req = n.path("requests");
        JsonNode pool = n.path("workerPool");
        return new Stats(epochMs, jvm.path("heapUsedBytes").asLong(-1), jvm.path("liveThreads").asInt(-1),
                jvm.path("gcCount").asLong(-1), jvm.path("gcTimeMs").asLong(-1), jvm.path("processCpuNanos").asLong(-1),
                req.path("inFlight").asInt(-1), db.path("waitingForPool").asInt(-1), req.path("served").asLong(-1),
                jvm.path("availableProcessors").asInt(-1), jvm.path("jitCompileMs").asLong(-1),
                pool.path("queued").asInt(-1), db.path("poolWaits").asLong(-1));
    }

    private void sleepUntil(long epochMs) {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        procThread.interrupt();
        statsThread.interrupt();
        http.close();
    }
}
