package org.threadlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fault-traces.json of a run: per server, the stack of the first query the database failed, as the
 * thread that ran it saw it (the servers print it with --trace-first-fault; the lab collects it).
 */
record FaultTraces(Map<String, Trace> byServer) {
    static final String FILE = "fault-traces.json";

    /** One server's trace, innermost frame first. */
    record Trace(String thread, boolean virtual, List<String> frames) {
        int depth() {
            return frames.size();
        }

        /** Frames of the shared API: the resource that issued the query and the routing that called it. */
        long apiFrames() {
            return frames.stream().filter(f -> f.startsWith("org.threadlab.core.api.")).count();
        }

        /** Whether the request's caller chain is in it: the API that issued the query. */
        boolean showsCaller() {
            return apiFrames() > 0;
        }
    }

    static FaultTraces read(Path runDir) {
        Map<String, Trace> m = new LinkedHashMap<>();
        Path file = runDir == null ? null : runDir.resolve(FILE);
        if (file == null || !Files.isRegularFile(file)) {
            return new FaultTraces(m);
        }
        try {
            JsonNode root = RunData.JSON.readTree(file.toFile());
            root.properties().forEach(e -> {
                List<String> frames = new ArrayList<>();
                e.getValue().path("frames").forEach(f -> frames.add(f.asText()));
                m.put(e.getKey(), new Trace(e.getValue().path("thread").asText("?"),
                        e.getValue().path("virtual").asBoolean(), List.copyOf(frames)));
            });
        } catch (IOException e) {
            throw new ReportException(file + " is not valid JSON: " + RunData.firstLine(e.getMessage()));
        }
        return new FaultTraces(m);
    }
}
