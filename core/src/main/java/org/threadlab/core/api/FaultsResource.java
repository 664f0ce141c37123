package org.threadlab.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.threadlab.core.db.SimulatedDatabase;

/**
 * {@code PUT /admin/faults}: sets the database's injected error rate while the server runs, so that
 * the lab's faults scenario can turn failures on and off mid-load. Routed only with
 * {@code --admin-faults} (for the lab, never in production); without it the path is 404 like any
 * other unknown path.
 */
final class FaultsResource {
    static final String PATH = "/admin/faults";

    private final SimulatedDatabase database;

    FaultsResource(SimulatedDatabase database) {
        this.database = database;
    }

    Exchange put(ApiRequest request) {
        if (request.bodyTooLarge()) {
            return Exchange.answered(TransportFailure.BODY_TOO_LARGE.response());
        }
        if (!OrdersResource.isJson(request.contentType())) {
            return Exchange.answered(Problem.response(415, "unsupported-media-type", "Unsupported Media Type",
                    "the request body must be application/json"));
        }
        JsonNode body;
        try {
            body = Json.tree(request.body());
        } catch (IOException e) {
            return Exchange.answered(Problem.badRequest("the request body is not well-formed JSON"));
        }
        if (body == null || body.isMissingNode()) {
            return Exchange.answered(Problem.badRequest("the request body is empty"));
        }
        if (!body.isObject()) {
            return Exchange.answered(Problem.invalidField(null, "the request body must be a JSON object"));
        }
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
