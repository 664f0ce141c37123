package org.threadlab.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadlab.core.db.Database;
import org.threadlab.core.db.LatencyModel;

/**
 * {@code PUT /admin/faults}: sets the database's injected error rate ({@code "errorRate": 0..1})
 * and/or its latency ({@code "latency"}, written as {@code --db-latency} is) while the server runs,
 * so that the lab's faults scenario can turn failures on and off mid-load and its c10k scenario can
 * run at a long latency. Answers both as they are now. Routed only with
 * {@code --admin-faults} (for the lab, never in production); without it the path is 404 like any
 * other unknown path.
 */
final class FaultsResource {
    static final String PATH = "/admin/faults";

    private final Database database;

    FaultsResource(Database database) {
        this.database = database;
    }

    Exchange put(ApiRequest request) {
        JsonObjectBody read = JsonObjectBody.read(request);
        if (read.error() != null) {
            return Exchange.answered(read.error());
        }
        JsonNode body = read.object();
        JsonNode rate = body.get("errorRate");
        JsonNode latency = body.get("latency");
        if (rate == null && latency == null) {
            return Exchange.answered(Problem.invalidField("errorRate",
                    "errorRate (a number from 0 to 1) or latency (as --db-latency takes it) is required"));
        }
        if (rate != null && (!rate.isNumber() || !(rate.doubleValue() >= 0 && rate.doubleValue() <= 1))) {
            return Exchange.answered(Problem.invalidField("errorRate", "errorRate must be a number from 0 to 1"));
        }
        LatencyModel model = null;
        if (latency != null) {
            try {
                model = LatencyModel.parse(latency.isTextual() ? latency.asText() : "");
            } catch (IllegalArgumentException e) {
                return Exchange.answered(Problem.invalidField("latency", "latency must be written as --db-latency takes"
                        + " it (50ms, uniform:20ms..80ms, lognormal:mean=50ms,p99=400ms)"));
            }
        }
        if (rate != null) {
            database.setErrorRate(rate.doubleValue());
        }
        if (model != null) {
            database.setLatency(model);
        }
        return Exchange.answered(ApiResponse.json(200, new Faults(database.errorRate(), database.latency().text())));
    }

    record Faults(double errorRate, String latency) {
    }
}
