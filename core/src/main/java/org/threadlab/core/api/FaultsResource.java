package org.threadlab.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadlab.core.db.Database;

/**
 * {@code PUT /admin/faults}: sets the database's injected error rate while the server runs, so that
 * the lab's faults scenario can turn failures on and off mid-load. Routed only with
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
        if (rate == null || !rate.isNumber() || !(rate.doubleValue() >= 0 && rate.doubleValue() <= 1)) {
            return Exchange.answered(Problem.invalidField("errorRate", "errorRate "
                    + (body.hasNonNull("errorRate") ? "must be " : "is required and must be ") + "a number from 0 to 1"));
        }
        database.setErrorRate(rate.doubleValue());
        return Exchange.answered(ApiResponse.json(200, new Faults(database.errorRate())));
    }

    record Faults(double errorRate) {
    }
}
