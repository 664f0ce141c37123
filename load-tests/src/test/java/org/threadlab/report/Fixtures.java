package org.threadlab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The fixture runs under src/test/resources/org/threadlab/report/runs (made by
 * tools/make_fixtures.py): a complete run, a two-repeat run with 1000 workers, an incomplete run
 * of an older lab with fields missing, and a folder that is not a run.
 */
final class Fixtures {
    /** Complete, 200 workers: blocking plateaus at its bound; 1,600 clients generator-limited for virtual and reactive. */
    static final String RUN_A = "20250301-101500";
    /** Complete, 1000 workers, two repeats. */
    static final String RUN_B = "20250301-113000";
    /** Incomplete: reactive died after two levels; no environment.json, no gatlingReports, optional fields missing. */
    static final String INCOMPLETE = "20250302-090000";
    static final String NOT_A_RUN = "not-a-run";

    private Fixtures() {
    }

    static Path source(String name) {
        try {
            return Path.of(Fixtures.class.getResource("runs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A private copy of a fixture run under {@code dir}, so reports can be written into it. */
    static Path copy(String name, Path dir) {
        Path from = source(name);
        Path to = dir.resolve(name);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    static RunAnalysis analysis(String name) {
        return new RunAnalysis(RunData.read(source(name)), SloOptions.defaults());
    }

    /** A level point built by hand: only the fields the analysis reads. */
    static LevelPoint point(String server, double level, double throughput, double p99, long requests, long ko,
                            Map<String, Long> causes, boolean limited) {
        return new LevelPoint(server, "capacity", "closed", level, "clients", "measure", 1, requests, ko, causes,
                throughput, throughput, throughput, p99 / 2, p99 * 0.8, p99, p99, p99, p99 * 2, level / 0.05,
                "blocking".equals(server) ? 200 / 0.05 : null, null, 50.0, 90.0, 200.0, 210.0, 50.0, 80.0, 30.0,
                limited ? 95.0 : 20.0, limited, limited ? List.of("Gatling CPU 95% >= 85% of one core")
                : List.of(), limited ? "generator" : null, limited ? "Gatling CPU 95% >= 85% of one core" : null,
                null, null, Map.of(), null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * A closed-model level with the limit the lab named, a 0.5-core budget, and RSS / heap that grow
     * by 20 MB / 10 MB per 100 clients from 200 MB / 50 MB.
     */
    static LevelPoint limited(String server, double level, double throughput, double p99, String limitedBy,
                              String reason) {
        boolean excluded = "generator".equals(limitedBy) || "machine".equals(limitedBy);
        double rss = 200 + level / 5;
        double heap = 50 + level / 10;
        return new LevelPoint(server, "capacity", "closed", level, "clients", "measure", 1, 1000, 0, Map.of(),
                throughput, throughput, throughput, p99 / 2, p99 * 0.8, p99, p99, p99, p99 * 2, level / 0.05,
                null, null, 40.0, 90.0, rss, rss, heap, heap, 30.0, 20.0, excluded,
                excluded ? List.of(reason) : List.of(), limitedBy, reason, 0.5, 0.5, Map.of(), level, null, null, null,
                null, null, null, null, null, null, null);
    }

    static LevelPoint point(String server, double level, double throughput, double p99) {
        return point(server, level, throughput, p99, 1000, 0, Map.of(), false);
    }

    static Map<String, Long> causes(Object... kv) {
        Map<String, Long> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return m;
    }

    static List<String> lines(Path file) {
        try {
            return new ArrayList<>(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
