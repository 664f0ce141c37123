package org.threadlab.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.threadlab.core.db.Order;
import org.threadlab.core.db.Queries;
import org.threadlab.core.db.Queries.OrderResult;

/** {@code POST /api/orders} (one write) and {@code GET /api/orders/{id}} (one read). */
final class OrdersResource {
    static final int MAX_QUANTITY = 100;

    Exchange get(String idText) {
        long id = Ids.parse(idText);
        if (id < 0) {
            return Exchange.answered(Ids.invalid("order id"));
        }
        return Exchange.querying(List.of(Queries.order(id)), results -> {
            Order order = (Order) results.get(0);
            return order == null ? Problem.notFound("no order with id " + id) : ApiResponse.json(200, order);
        });
    }

    Exchange create(ApiRequest request) {
        if (request.bodyTooLarge()) {
            return Exchange.answered(TransportFailure.BODY_TOO_LARGE.response());
        }
        if (!isJson(request.contentType())) {
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
        long itemId = positive(body, "itemId", Long.MAX_VALUE);
        if (itemId < 0) {
            return Exchange.answered(invalid("itemId", "a positive integer", body));
        }
        long quantity = positive(body, "quantity", MAX_QUANTITY);
        if (quantity < 0) {
            return Exchange.answered(invalid("quantity", "an integer from 1 to " + MAX_QUANTITY, body));
        }
        long customerId = positive(body, "customerId", Long.MAX_VALUE);
        if (customerId < 0) {
            return Exchange.answered(invalid("customerId", "a positive integer", body));
        }
        return Exchange.querying(List.of(Queries.insertOrder(customerId, itemId, (int) quantity)), results ->
                switch ((OrderResult) results.get(0)) {
                    case OrderResult.Created created -> ApiResponse.json(201, created.order())
                            .withHeader("Location", "/api/orders/" + created.order().id());
                    case OrderResult.Rejected rejected -> Problem.invalidField(rejected.field(), rejected.reason());
                });
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(java.util.Locale.ROOT);
        return mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /** The field as an integer in 1..max, or -1 when missing, of another type or out of range. */
    private static long positive(JsonNode body, String field, long max) {
        JsonNode node = body.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            return -1;
        }
        long value = node.longValue();
        return value >= 1 && value <= max ? value : -1;
    }

    private static ApiResponse invalid(String field, String expected, JsonNode body) {
        String problem = body.hasNonNull(field) ? " must be " : " is required and must be ";
        return Problem.invalidField(field, field + problem + expected);
    }
}
