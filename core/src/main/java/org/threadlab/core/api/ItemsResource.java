package org.threadlab.core.api;

import java.util.List;
import org.threadlab.core.db.Item;
import org.threadlab.core.db.Queries;

/** {@code GET /api/items/{id}} and {@code GET /api/items?category=&limit=}: one query each. */
final class ItemsResource {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    Exchange get(String idText) {
        long id = Ids.parse(idText);
        if (id < 0) {
            return Exchange.answered(Ids.invalid("item id"));
        }
        return Exchange.querying(List.of(Queries.item(id)), results -> {
            Item item = (Item) results.get(0);
            return item == null ? Problem.notFound("no item with id " + id) : ApiResponse.json(200, item);
        });
    }

    Exchange list(QueryParameters parameters) {
        Integer limit = parameters.intWithin("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (limit == null) {
            return Exchange.answered(Problem.badRequest("limit must be an integer from 1 to " + MAX_LIMIT));
        }
        String category = parameters.get("category");
        if (category != null && category.isEmpty()) {
            category = null;
        }
        return Exchange.querying(List.of(Queries.items(category, limit)), results -> {
            @SuppressWarnings("unchecked")
            List<Item> items = (List<Item>) results.get(0);
            return ApiResponse.json(200, new ItemList(items.size(), items));
        });
    }

    record ItemList(int count, List<Item> items) {
    }
}
