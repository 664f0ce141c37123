package org.threadlab.core.api;

import com.fasterxml.jackson.databind.JsonNode;
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
        JsonObjectBody read = JsonObjectBody.read(request);
        if (read.error() != null) {
            return Exchange.answered(read.error());
        }
        JsonNode body = read.object();
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
