package org.threadlab.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * levels.json and levels.csv: written by the lab and read by the report through this one class,
 * as {@link LevelRow}s. JSON keeps whole numbers whole ({@code "p99Ms": 277}); CSV has the same
 * columns in the same order, objects and lists as JSON text, null as an empty cell.
 */
public final class LevelRows {
    public static final String JSON_FILE = "levels.json";
    public static final String CSV_FILE = "levels.csv";
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("whole-numbers").addSerializer(Double.class, new WholeNumbers())
                    .addSerializer(Double.TYPE, new WholeNumbers()));

    private LevelRows() {
    }

    /** Writes both files into the run folder, each through a temporary file. */
    public static void write(Path runDir, List<LevelRow> rows) {
        try {
            replace(runDir.resolve(JSON_FILE), JSON.writeValueAsString(rows) + System.lineSeparator());
            replace(runDir.resolve(CSV_FILE), csv(rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a run folder: levels.json, else levels.csv; null when it has neither. */
    static List<LevelRow> read(Path runDir) {
        Path json = runDir.resolve(JSON_FILE);
        Path csv = runDir.resolve(CSV_FILE);
        JsonNode levels;
        Path from;
        if (Files.isRegularFile(json)) {
            from = json;
            try {
                levels = JSON.readTree(json.toFile());
            } catch (IOException e) {
                throw new ReportException(json + " is not valid JSON: " + RunData.firstLine(e.getMessage()));
            }
        } else if (Files.isRegularFile(csv)) {
            from = csv;
            levels = fromCsv(csv);
        } else {
            return null;
        }
        if (levels == null || !levels.isArray()) {
            throw new ReportException(from + " is not a list of level rows");
        }
        List<LevelRow> rows = new ArrayList<>();
        for (JsonNode n : levels) {
            try {
                rows.add(JSON.treeToValue(n, LevelRow.class));
            } catch (JsonProcessingException e) {
                throw new ReportException(from + ": a level row that cannot be read (" + RunData.firstLine(
                        e.getOriginalMessage()) + "): " + n);
            } catch (IllegalArgumentException e) {
                throw new ReportException(from + ": a level row that cannot be read (" + RunData.firstLine(
                        e.getMessage()) + "): " + n);
            } catch (ReportException e) {
                throw new ReportException(from + ": " + e.getMessage() + ": " + n);
            }
        }
        return rows;
    }

    static String csv(List<LevelRow> rows) {
        List<String> columns = new ArrayList<>();
        for (var c : LevelRow.class.getRecordComponents()) {
            columns.add(c.getName());
        }
        List<List<String>> cells = new ArrayList<>();
        for (LevelRow row : rows) {
            ObjectNode o = JSON.valueToTree(row);
            cells.add(columns.stream().map(c -> cell(o.get(c))).toList());
        }
        return Csv.write(columns, cells);
    }

    private static String cell(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isContainerNode() ? v.toString() : v.asText();
    }

    /** levels.csv as JSON rows: blank cells left out, objects and lists parsed, the rest as text Jackson converts. */
    static JsonNode fromCsv(Path file) {
        List<List<String>> records;
        try {
            records = Csv.read(Files.readString(file));
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + RunData.firstLine(e.getMessage()));
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        if (records.isEmpty()) {
            return array;
        }
        List<String> header = records.get(0);
        for (List<String> rec : records.subList(1, records.size())) {
            if (rec.size() == 1 && rec.get(0).isEmpty()) {
                continue;
            }
            ObjectNode o = array.addObject();
            for (int i = 0; i < header.size() && i < rec.size(); i++) {
                String cell = rec.get(i);
                if (cell.isBlank()) {
                    continue;
                }
                if (cell.startsWith("{") || cell.startsWith("[")) {
                    try {
                        o.set(header.get(i), JSON.readTree(cell));
                        continue;
                    } catch (IOException e) {
                        // not JSON after all: keep the text
                    }
                }
                o.put(header.get(i), cell);
            }
        }
        return array;
    }

    private static void replace(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A whole double as an integer (800, not 800.0): the figures read as the lab measured them. */
    private static final class WholeNumbers extends StdSerializer<Double> {
        WholeNumbers() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                gen.writeNumber(v.longValue());
            } else {
                gen.writeNumber(v);
            }
        }
    }
}
