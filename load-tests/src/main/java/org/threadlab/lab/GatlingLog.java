package org.threadlab.lab;

import io.gatling.charts.stats.LogFileParser;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Reads a Gatling 3.15 simulation.log (binary since 3.12) with Gatling's own record reader
 * ({@link LogFileParser}: strings, cached strings, the record layout of LogFileDataWriter), and
 * keeps, for every request name, the OK/KO counts, the KO messages and an HdrHistogram of response
 * times in milliseconds, as Gatling measured them ({@code end - start} of each request record).
 *
 * <p>The JVM needs {@code --add-opens=java.base/java.lang=ALL-UNNAMED}: Gatling's reader builds
 * Strings through java.lang internals.
 */
public final class GatlingLog extends LogFileParser<GatlingLog.Content> {
    private static final byte RUN = 0;
    private static final byte REQUEST = 1;
    private static final byte USER = 2;
    private static final byte GROUP = 3;
    private static final byte ERROR = 4;

    /** What one run's log holds, per request name (in the order names first appear). */
    public record Content(String gatlingVersion, String simulationClass, long runStartEpochMs,
                          Map<String, RequestStats> requests, boolean truncated) {
    }

    /** One request name's figures. */
    public static final class RequestStats {
        final Histogram all = newHistogram();
        long ok;
        long ko;
        long firstStartEpochMs = Long.MAX_VALUE;
        long lastEndEpochMs = Long.MIN_VALUE;
        final Map<String, Long> koByCause = new TreeMap<>();

        void add(long start, long end, boolean isOk, String message) {
            long responseTime = Math.max(0, end - start);
            all.recordValue(responseTime);
            if (isOk) {
                ok++;
            } else {
                ko++;
                koByCause.merge(message == null || message.isBlank() ? "(no message)" : message, 1L, Long::sum);
            }
            firstStartEpochMs = Math.min(firstStartEpochMs, start);
            lastEndEpochMs = Math.max(lastEndEpochMs, end);
        }

        public long ok() {
            return ok;
        }

        public long ko() {
            return ko;
        }

        public long count() {
            return ok + ko;
        }

        /** Response times of every request, OK or KO, in ms. */
        public Histogram histogram() {
            return all;
        }

        public Map<String, Long> koByCause() {
            return koByCause;
        }

        public long firstStartEpochMs() {
            return firstStartEpochMs;
        }

        public long lastEndEpochMs() {
            return lastEndEpochMs;
        }
    }

    /**
     * Response times in ms at 4 significant digits: exact (1 ms) below 32,768 ms, which covers every
     * request under Gatling's 10 s request timeout; grows if a longer one shows up.
     */
    static Histogram newHistogram() {
        Histogram h = new Histogram(60_000L, 4);
        h.setAutoResize(true);
        return h;
    }

    private GatlingLog(File file) {
        super(file);
    }

    /** Reads the simulation.log of one Gatling run (the file, or the run's folder). */
    public static Content read(Path logOrFolder) {
        Path file = Files.isDirectory(logOrFolder) ? logOrFolder.resolve("simulation.log") : logOrFolder;
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new IOException("no Gatling log at " + file));
        }
        try (GatlingLog log = new GatlingLog(file.toFile())) {
            return log.parse();
        }
    }

    /** Finds the one Gatling run folder (holding simulation.log) below {@code resultsFolder}. */
    public static Path runFolder(Path resultsFolder) throws IOException {
        try (var stream = Files.walk(resultsFolder, 2)) {
            return stream.filter(p -> p.getFileName().toString().equals("simulation.log"))
                    .map(Path::getParent)
                    .findFirst()
                    .orElseThrow(() -> new IOException("Gatling wrote no simulation.log under " + resultsFolder));
        }
    }

    @Override
    public Content parse() {
        if (readByte() != RUN) {
            throw new IllegalStateException("not a Gatling simulation.log: it does not start with a run record");
        }
        String version = readString();
        String simulationClass = readString();
        long runStart = readLong();
        readString(); // run description
        int scenarios = readInt();
        for (int i = 0; i < scenarios; i++) {
            readSanitizedString();
        }
        int assertions = readInt();
        for (int i = 0; i < assertions; i++) {
            readByteArray();
        }
        Map<String, RequestStats> requests = new LinkedHashMap<>();
        boolean truncated = false;
        try {
            while (true) {
                int header = read();
                if (header < 0) {
                    break;
                }
                switch ((byte) header) {
                    case REQUEST -> {
                        int groups = readInt();
                        StringBuilder name = new StringBuilder();
                        for (int i = 0; i < groups; i++) {
                            name.append(readCachedSanitizedString()).append(" / ");
                        }
                        name.append(readCachedSanitizedString());
                        int start = readInt();
                        int end = readInt();
                        boolean ok = readBoolean();
                        String message = readCachedSanitizedString();
                        if (end != Integer.MIN_VALUE) { // Integer.MIN_VALUE: an unmatched incoming event, not a request
                            requests.computeIfAbsent(name.toString(), n -> new RequestStats())
                                    .add(runStart + start, runStart + end, ok, message);
                        }
                    }
                    case USER -> {
                        readInt();
                        readBoolean();
                        readInt();
                    }
                    case GROUP -> {
                        int groups = readInt();
                        for (int i = 0; i < groups; i++) {
                            readCachedSanitizedString();
                        }
                        readInt();
                        readInt();
                        readInt();
                        readBoolean();
                    }
                    case ERROR -> {
                        readCachedSanitizedString();
                        readInt();
                    }
                    default -> throw new IllegalStateException("unknown record header " + header + " in simulation.log");
                }
            }
        } catch (Exception e) { // Scala declares no checked exceptions: the EOFException of a truncated log arrives here
            if (!(e instanceof java.io.EOFException)) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            truncated = true; // Gatling killed mid-run: keep what was written
        }
        return new Content(version, simulationClass, runStart, requests, truncated);
    }
}
