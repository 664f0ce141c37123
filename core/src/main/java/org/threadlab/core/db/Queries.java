package org.threadlab.core.db;

import java.util.List;

/** The queries the API issues, one factory method each. */
public final class Queries {
    /** Orders shown on a dashboard. */
    public static final int RECENT_ORDERS = 5;
    /** Recommendations shown on a dashboard. */
    public static final int RECOMMENDATIONS = 5;

    private Queries() {
    }

    public static Query<Item> item(long id) {
        return new Query<>("item", data -> data.item(id));
    }

    public static Query<List<Item>> items(String category, int limit) {
        return new Query<>("items", data -> data.items(category, limit));
    }

    public static Query<Customer> customer(long id) {
        return new Query<>("customer", data -> data.customer(id));
    }

    public static Query<Order> order(long id) {
        return new Query<>("order", data -> data.order(id));
    }

    public static Query<List<Order>> recentOrders(long customerId) {
        return new Query<>("recent-orders", data -> data.recentOrders(customerId, RECENT_ORDERS));
    }

    /** Items of the customer's favourite category (none for an unknown customer). */
    public static Query<List<Item>> recommendations(long customerId) {
        return new Query<>("recommendations", data -> {
            Customer customer = data.customer(customerId);
            return customer == null ? List.of() : data.items(customer.favouriteCategory(), RECOMMENDATIONS);
        });
    }

    /** Stores an order, checking its references inside the same query, as a database would. */
    public static Query<OrderResult> insertOrder(long customerId, long itemId, int quantity) {
        return new Query<>("insert-order", data -> {
            if (data.customer(customerId) == null) {
                return new OrderResult.Rejected("customerId", "no customer with id " + customerId);
            }
            if (data.item(itemId) == null) {
                return new OrderResult.Rejected("itemId", "no item with id " + itemId);
            }
            return new OrderResult.Created(data.insertOrder(customerId, itemId, quantity));
        });
    }

    /** What an order insert returns. */
    public sealed interface OrderResult {
        record Created(Order order) implements OrderResult {
        }

        record Rejected(String field, String reason) implements OrderResult {
        }
    }
}
