package org.threadlab.core.api;

import java.util.List;
import org.threadlab.core.db.Customer;
import org.threadlab.core.db.Item;
import org.threadlab.core.db.Order;
import org.threadlab.core.db.Queries;

/**
 * {@code GET /api/customers/{id}/dashboard}: three independent queries, which each server
 * issues concurrently in its own idiom, so that the latency is close to one query's.
 */
final class DashboardResource {

    Exchange get(String idText) {
        long id = Ids.parse(idText);
        if (id < 0) {
            return Exchange.answered(Ids.invalid("customer id"));
        }
        return Exchange.querying(List.of(Queries.customer(id), Queries.recentOrders(id), Queries.recommendations(id)),
                results -> {
                    Customer customer = (Customer) results.get(0);
                    if (customer == null) {
                        return Problem.notFound("no customer with id " + id);
                    }
                    @SuppressWarnings("unchecked")
                    List<Order> orders = (List<Order>) results.get(1);
                    @SuppressWarnings("unchecked")
                    List<Item> recommendations = (List<Item>) results.get(2);
                    return ApiResponse.json(200, new Dashboard(customer, orders, recommendations));
                });
    }

    record Dashboard(Customer customer, List<Order> recentOrders, List<Item> recommendations) {
    }
}
