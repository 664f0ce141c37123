package org.threadlab.core.db;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The queries the API issues, one factory method each. */
public final class Queries {
    /** Orders shown on a dashboard. */
    public static final int RECENT_ORDERS = 5;
    /** Recommendations shown on a dashboard. */
    public static final int RECOMMENDATIONS = 5;

    private static final String ITEM_COLUMNS = "id, name, category, price_cents, stock";
    private static final String ORDER_COLUMNS = "id, customer_id, item_id, quantity, total_cents";

    private Queries() {
    }

    public static Query<Item> item(long id) {
        return new Query<>("item", data -> data.item(id), read(
                "SELECT " + ITEM_COLUMNS + " FROM threadlab.items WHERE id = ?::bigint", List.of(id),
                rows -> first(rows, Queries::item)));
    }

    public static Query<List<Item>> items(String category, int limit) {
        Sql<List<Item>> sql = category == null
                ? read("SELECT " + ITEM_COLUMNS + " FROM threadlab.items ORDER BY id LIMIT ?::int", List.of(limit),
                        rows -> all(rows, Queries::item))
                : read("SELECT " + ITEM_COLUMNS + " FROM threadlab.items WHERE category = ?::text ORDER BY id"
                        + " LIMIT ?::int", List.of(category, limit), rows -> all(rows, Queries::item));
        return new Query<>("items", data -> data.items(category, limit), sql);
    }

    public static Query<Customer> customer(long id) {
        return new Query<>("customer", data -> data.customer(id), read(
                "SELECT id, name, tier, favourite_category FROM threadlab.customers WHERE id = ?::bigint", List.of(id),
                rows -> first(rows, r -> new Customer((Long) r[0], (String) r[1], (String) r[2], (String) r[3]))));
    }

    public static Query<Order> order(long id) {
        return new Query<>("order", data -> data.order(id), read(
                "SELECT " + ORDER_COLUMNS + " FROM threadlab.orders WHERE id = ?::bigint", List.of(id),
                rows -> first(rows, r -> order(r, 0))));
    }

    public static Query<List<Order>> recentOrders(long customerId) {
        return new Query<>("recent-orders", data -> data.recentOrders(customerId, RECENT_ORDERS), read(
                "SELECT " + ORDER_COLUMNS + " FROM threadlab.orders WHERE customer_id = ?::bigint ORDER BY id DESC"
                        + " LIMIT " + RECENT_ORDERS, List.of(customerId), rows -> all(rows, r -> order(r, 0))));
    }

    /** Items of the customer's favourite category (none for an unknown customer). */
    public static Query<List<Item>> recommendations(long customerId) {
        return new Query<>("recommendations", data -> {
            Customer customer = data.customer(customerId);
            return customer == null ? List.of() : data.items(customer.favouriteCategory(), RECOMMENDATIONS);
        }, read("SELECT i.id, i.name, i.category, i.price_cents, i.stock FROM threadlab.customers c"
                + " CROSS JOIN LATERAL (SELECT " + ITEM_COLUMNS + " FROM threadlab.items"
                + " WHERE category = c.favourite_category ORDER BY id LIMIT " + RECOMMENDATIONS + ") i"
                + " WHERE c.id = ?::bigint ORDER BY i.id", List.of(customerId), rows -> all(rows, Queries::item)));
    }

    /** Stores an order, checking its references inside the same query, as a database would. */
    public static Query<OrderResult> insertOrder(long customerId, long itemId, int quantity) {
        // One statement: both look-ups, the insert when both exist, and one row that says which.
        Sql<OrderResult> sql = new Sql<>("WITH d AS " + Sql.DELAY + ","
                + " c AS (SELECT id FROM threadlab.customers WHERE id = ?::bigint),"
                + " i AS (SELECT id, price_cents FROM threadlab.items WHERE id = ?::bigint),"
                + " o AS (INSERT INTO threadlab.orders (customer_id, item_id, quantity, total_cents)"
                + " SELECT c.id, i.id, ?::int, i.price_cents * ?::int FROM c, i RETURNING " + ORDER_COLUMNS + ")"
                + " SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM i), o." + ORDER_COLUMNS.replace(", ", ", o.")
                + " FROM d LEFT JOIN o ON true",
                List.of(customerId, itemId, quantity, quantity), rows -> {
                    Object[] r = rows.get(0);
                    if (((Number) r[0]).longValue() == 0) {
                        return new OrderResult.Rejected("customerId", "no customer with id " + customerId);
                    }
                    if (((Number) r[1]).longValue() == 0) {
                        return new OrderResult.Rejected("itemId", "no item with id " + itemId);
                    }
                    return new OrderResult.Created(order(r, 2));
                });
        return new Query<>("insert-order", data -> {
            if (data.customer(customerId) == null) {
                return new OrderResult.Rejected("customerId", "no customer with id " + customerId);
            }
            if (data.item(itemId) == null) {
                return new OrderResult.Rejected("itemId", "no item with id " + itemId);
            }
            return new OrderResult.Created(data.insertOrder(customerId, itemId, quantity));
        }, sql);
    }

    /**
     * A read: the select as the right side of a lateral join with the delay row, so that the
     * delay runs once whether or not the select finds rows. No rows found is one row of nulls.
     */
    private static <T> Sql<T> read(String select, List<Object> parameters, Function<List<Object[]>, T> rows) {
        return new Sql<>("SELECT x.* FROM " + Sql.DELAY + " AS d LEFT JOIN LATERAL (" + select + ") AS x ON true",
                parameters, all -> rows.apply(all.stream().filter(r -> r[0] != null).toList()));
    }

    private static <T> T first(List<Object[]> rows, Function<Object[], T> map) {
        return rows.isEmpty() ? null : map.apply(rows.get(0));
    }

    private static <T> List<T> all(List<Object[]> rows, Function<Object[], T> map) {
        List<T> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(map.apply(r));
        }
        return List.copyOf(out);
    }

    private static Item item(Object[] r) {
        return new Item((Long) r[0], (String) r[1], (String) r[2], (Long) r[3], (Integer) r[4]);
    }

    private static Order order(Object[] r, int from) {
        return new Order((Long) r[from], (Long) r[from + 1], (Long) r[from + 2], (Integer) r[from + 3],
                (Long) r[from + 4]);
    }

    /** What an order insert returns. */
    public sealed interface OrderResult {
        record Created(Order order) implements OrderResult {
        }

        record Rejected(String field, String reason) implements OrderResult {
        }
    }
}
