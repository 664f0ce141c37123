package org.threadlab.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.threadlab.report.Csv;

/** results/&lt;run-id&gt;/ and the files in it (layout: results/README.md). */
final class ResultsDir {
    static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final Path dir;
    final String runId;

    private ResultsDir(Path dir, String runId) {
        this.dir = dir;
        this.runId = runId;
    }

    /** Creates results/&lt;run-id&gt;/ (with logs/ and gatling/) and points results/latest at it. */
    static ResultsDir create(Path resultsRoot) throws IOException {
        String base = ZonedDateTime.now(ZoneOffset.UTC).format(RUN_ID);
        Files.createDirectories(resultsRoot);
        String id = base;
        for (int i = 2; Files.exists(resultsRoot.resolve(id)); i++) {
            id = base + "-" + i;
        }
        Path dir = resultsRoot.resolve(id);
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("gatling"));
        Path latest = resultsRoot.resolve("latest");
        Files.deleteIfExists(latest);
        try {
            Files.createSymbolicLink(latest, Path.of(id));
        } catch (IOException | UnsupportedOperationException e) {
            Files.writeString(latest, id + System.lineSeparator()); // no symlinks here: a pointer file
        }
        return new ResultsDir(dir, id);
    }

    Path logs() {
        return dir.resolve("logs");
    }

    Path gatling() {
        return dir.resolve("gatling");
    }

    void writeJson(String name, Object value) {
        try {
            Path tmp = dir.resolve(name + ".tmp");
            JSON.writeValue(tmp.toFile(), value);
            Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows as CSV, columns in first-seen order; objects and lists as JSON text. */
    void writeCsv(String name, List<Map<String, Object>> rows, Collection<String> leadingColumns) {
        LinkedHashSet<String> columns = new LinkedHashSet<>(leadingColumns);
        rows.forEach(r -> columns.addAll(r.keySet()));
        List<List<String>> lines = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            lines.add(columns.stream().map(c -> cell(row.get(c))).toList());
        }
        String out = Csv.write(List.copyOf(columns), lines);
        try {
            Path tmp = dir.resolve(name + ".tmp");
            Files.writeString(tmp, out);
            Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
            try {
                return new ObjectMapper().writeValueAsString(v);
            } catch (IOException e) {
                return v.toString();
            }
        }
        return v.toString();
    }
}
