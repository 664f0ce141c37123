package org.threadlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What a lab run left in results/&lt;run&gt;/: the level rows (levels.json, or levels.csv when the
 * JSON is missing), run.json and environment.json. Only the level rows are required; every other
 * field may be missing and is then reported as unknown.
 *
 * @param environment environment.json, or null when the run has none
 */
public record RunData(Path dir, String runId, String status, String reason, String profile, List<String> servers,
                      List<String> scenarios, List<String> warnings, Map<String, String> gatlingReports,
                      JsonNode environment, List<LevelRow> rows, String generatorLimitedRule, int repeats) {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads a run folder. {@code results/latest} may be a symlink or a pointer file naming the run.
     *
     * @throws ReportException with a one-line message when the folder is missing or not a run
     */
    public static RunData read(Path dir) {
        Path runDir = locate(dir);
        Path runJson = runDir.resolve("run.json");
        List<LevelRow> rows = LevelRows.read(runDir);
        if (rows == null) {
            throw new ReportException(dir + " is not a ThreadLab run: it has no levels.json"
                    + (Files.isRegularFile(runJson) ? " (the run measured nothing yet)" : " and no run.json"));
        }
        JsonNode run = Files.isRegularFile(runJson) ? readJson(runJson) : JsonNodeFactory.instance.objectNode();
        JsonNode env = Files.isRegularFile(runDir.resolve("environment.json"))
                ? readJson(runDir.resolve("environment.json")) : null;
        LinkedHashSet<String> servers = new LinkedHashSet<>(strings(run.get("servers")));
        LinkedHashSet<String> scenarios = new LinkedHashSet<>(strings(run.get("scenarios")));
        rows.forEach(r -> {
            servers.add(r.server());
            scenarios.add(r.scenario());
        });
        List<String> warnings = new ArrayList<>(strings(run.get("warnings")));
        if (!Files.isRegularFile(runJson)) {
            warnings.add("run.json is missing: the run's status and warnings are unknown");
        }
        Map<String, String> reports = new LinkedHashMap<>();
        JsonNode g = run.get("gatlingReports");
        if (g != null && g.isObject()) {
            g.properties().forEach(e -> reports.put(e.getKey(), e.getValue().asText()));
        }
        String status = text(run, "status");
        String runId = text(run, "runId");
        Double repeats = number(run, "repeats");
        int maxRepeat = rows.stream().mapToInt(LevelRow::repeat).max().orElse(1);
        return new RunData(runDir, runId != null ? runId : runDir.getFileName().toString(),
                status == null ? "unknown" : status, text(run, "reason"), text(run, "profile"),
                List.copyOf(servers), List.copyOf(scenarios), List.copyOf(warnings), reports, env, List.copyOf(rows),
                text(run, "generatorLimitedRule"),
                Math.max(maxRepeat, repeats == null ? 1 : repeats.intValue()));
    }

    /** The run folder a user meant: the folder itself, or what results/latest points at. */
    static Path locate(Path dir) {
        if (Files.isRegularFile(dir) && dir.getFileName().toString().equals("latest")) {
            try {
                String id = Files.readString(dir).trim();
                if (!id.isEmpty() && !id.contains("\n")) {
                    dir = dir.resolveSibling(id);
                }
            } catch (IOException e) {
                throw new ReportException("cannot read " + dir + ": " + e.getMessage());
            }
        }
        if (!Files.exists(dir)) {
            throw new ReportException("no such run folder: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new ReportException(dir + " is not a folder (a run is a folder under results/)");
        }
        return dir;
    }

    boolean complete() {
        return "complete".equals(status);
    }

    /**
     * run.json databaseRestarts: per server (and repeat), the restart scenario's outage, the time
     * until the server served again and the orders check; an empty object when the run had none.
     */
    JsonNode databaseRestarts() {
        Path runJson = dir.resolve("run.json");
        JsonNode r = Files.isRegularFile(runJson) ? readJson(runJson).path("databaseRestarts") : null;
        return r != null && r.isObject() ? r : JsonNodeFactory.instance.objectNode();
    }

    /** A setting of the run (environment.json settings), or null. */
    String setting(String name) {
        if (environment == null || !environment.path("settings").has(name)) {
            return null;
        }
        JsonNode v = environment.path("settings").get(name);
        return v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    /** environment.json/jdk/version, or null. */
    String jdkVersion() {
        return environment == null ? null : text(environment.path("jdk"), "version");
    }

    /** The Gatling report of a server and scenario that exists on disk, relative to the run folder, or null. */
    String gatlingReport(String server, String scenario) {
        List<String> candidates = new ArrayList<>();
        String named = gatlingReports.get(server + "/" + scenario);
        if (named != null) {
            candidates.add(named);
        }
        gatlingReports.forEach((k, v) -> {
            if (k.startsWith(server + "/" + scenario + "/")) {
                candidates.add(v); // repeats: the first one
            }
        });
        candidates.add("gatling/" + server + "-" + scenario + "/index.html");
        candidates.add("gatling/" + server + "-" + scenario + "-r1/index.html");
        candidates.add("gatling/" + server + "/index.html");
        for (String c : candidates) {
            if (Files.isRegularFile(dir.resolve(c))) {
                return c;
            }
        }
        return null;
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + firstLine(e.getMessage()));
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            String s = v.asText().trim();
            return s.isEmpty() ? null : Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
