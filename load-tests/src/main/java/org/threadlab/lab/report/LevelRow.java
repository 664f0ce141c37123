package org.threadlab.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.threadlab.load.RequestName;

/**
 * One row of levels.json: one (server, scenario, level, step, repeat) as the lab measured it.
 * Every figure may be missing (null): older runs, remote targets and failed levels leave gaps.
 * A run from before {@code limitedBy} existed gets {@code generator} where it marked the level
 * generator-limited, else null (not known).
 */
record LevelRow(String server, String scenario, String loadModel, double level, String levelUnit, String step,
                int repeat, Double measuredSeconds, long requests, long ok, long ko, Map<String, Long> koByCause,
                Double throughputRps, Double okThroughputRps, Double offeredRps, Double p50Ms, Double p90Ms,
                Double p99Ms, Double p999Ms, Double maxMs, Double meanMs, Double littleBoundRps,
                Double workersBoundRps, Double dbPoolBoundRps, Double serverCpuPct, Double serverCpuMsPer1kReq,
                Double serverRssMbMean, Double serverRssMbMax, Double heapUsedMbMean, Double heapUsedMbMax,
                Double liveThreadsMax, Double generatorCpuPct, boolean generatorLimited,
                String generatorLimitedReason, String limitedBy, String limitedByReason, Double serverCapacityCores,
                Double serverCpuLimit) {

    /** The step of a closed or open level that is not part of a spike or faults scenario. */
    static final String MEASURE = RequestName.MEASURE;

    static LevelRow of(JsonNode n, ObjectMapper json) {
        String server = text(n, "server");
        String scenario = text(n, "scenario");
        Double level = number(n, "level");
        if (server == null || scenario == null || level == null) {
            throw new ReportException("a level row lacks server, scenario or level: " + n);
        }
        String unit = text(n, "levelUnit");
        String model = text(n, "loadModel");
        if (model == null) {
            model = "clients".equals(unit) ? "closed" : "open";
        }
        if (unit == null) {
            unit = "closed".equals(model) ? "clients" : "rps";
        }
        Map<String, Long> causes = new LinkedHashMap<>();
        JsonNode k = n.get("koByCause");
        if (k != null && k.isTextual() && !k.asText().isBlank()) {
            try {
                k = json.readTree(k.asText()); // levels.csv carries it as JSON text
            } catch (Exception e) {
                k = null;
            }
        }
        if (k != null && k.isObject()) {
            k.properties().forEach(e -> causes.put(e.getKey(), e.getValue().asLong()));
        }
        long ok = longOf(n, "ok");
        long ko = longOf(n, "ko");
        long requests = n.hasNonNull("requests") ? longOf(n, "requests") : ok + ko;
        Double seconds = number(n, "measuredSeconds");
        Double throughput = number(n, "throughputRps");
        if (throughput == null && seconds != null && seconds > 0 && requests > 0) {
            throughput = requests / seconds;
        }
        Number repeat = number(n, "repeat");
        boolean limited = bool(n, "generatorLimited");
        String limitedBy = text(n, "limitedBy");
        if (limitedBy == null && limited) {
            limitedBy = "generator";
        }
        String step = text(n, "step");
        return new LevelRow(server, scenario, model, level, unit, step == null ? MEASURE : step,
                repeat == null ? 1 : repeat.intValue(), seconds, requests, ok, ko, Collections.unmodifiableMap(causes),
                throughput, number(n, "okThroughputRps"), number(n, "offeredRps"), number(n, "p50Ms"),
                number(n, "p90Ms"), number(n, "p99Ms"), number(n, "p999Ms"), number(n, "maxMs"), number(n, "meanMs"),
                number(n, "littleBoundRps"), number(n, "workersBoundRps"), number(n, "dbPoolBoundRps"),
                number(n, "serverCpuPct"), number(n, "serverCpuMsPer1kReq"), number(n, "serverRssMbMean"),
                number(n, "serverRssMbMax"), number(n, "heapUsedMbMean"), number(n, "heapUsedMbMax"),
                number(n, "liveThreadsMax"), number(n, "generatorCpuPct"), limited,
                text(n, "generatorLimitedReason"), limitedBy, text(n, "limitedByReason"),
                number(n, "serverCapacityCores"), number(n, "serverCpuLimit"));
    }

    boolean closed() {
        return "closed".equals(loadModel);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    /** A number, also from CSV text; null when absent, blank or not a number. */
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

    private static long longOf(JsonNode n, String field) {
        Double d = number(n, field);
        return d == null ? 0 : Math.round(d);
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && (v.isBoolean() ? v.asBoolean() : "true".equalsIgnoreCase(v.asText().trim()));
    }
}
