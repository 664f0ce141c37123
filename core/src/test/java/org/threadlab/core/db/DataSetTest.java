package org.threadlab.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataSetTest {
    private final DataSet data = DataSet.generate(42);

    @Test
    void hasTheDocumentedSize() {
        assertEquals(5_000, DataSet.ITEMS);
        assertEquals(2_000, DataSet.CUSTOMERS);
        assertEquals(10_000, DataSet.ORDERS);
        assertNotNull(data.item(1));
        assertNotNull(data.item(DataSet.ITEMS));
        assertNull(data.item(0));
        assertNull(data.item(DataSet.ITEMS + 1));
        assertNull(data.item(-1));
        assertNull(data.item(Long.MAX_VALUE));
        assertNotNull(data.customer(DataSet.CUSTOMERS));
        assertNull(data.customer(DataSet.CUSTOMERS + 1));
        assertEquals(DataSet.ORDERS, data.orderCount());
        assertNotNull(data.order(1));
        assertNotNull(data.order(DataSet.ORDERS));
        assertNull(data.order(DataSet.ORDERS + 1));
        assertEquals(DataSet.ITEMS, data.items(null, Integer.MAX_VALUE).size());
    }

    @Test
    void rowsAreConsistent() {
        Set<String> categories = new HashSet<>();
        for (long id = 1; id <= DataSet.ITEMS; id++) {
            Item item = data.item(id);
            assertEquals(id, item.id());
            assertTrue(DataSet.CATEGORIES.contains(item.category()), item.toString());
            assertTrue(item.priceCents() > 0 && item.stock() >= 0, item.toString());
            categories.add(item.category());
        }
        assertEquals(Set.copyOf(DataSet.CATEGORIES), categories, "every category has items");
        for (long id = 1; id <= DataSet.ORDERS; id++) {
            Order order = data.order(id);
            assertEquals(id, order.id());
            assertNotNull(data.customer(order.customerId()), order.toString());
            assertEquals(data.item(order.itemId()).priceCents() * order.quantity(), order.totalCents(), order.toString());
        }
    }

    @Test
    void theSameSeedGivesTheSameData() {
        DataSet again = DataSet.generate(42);
        for (long id = 1; id <= DataSet.ITEMS; id++) {
            assertEquals(data.item(id), again.item(id));
        }
        for (long id = 1; id <= DataSet.CUSTOMERS; id++) {
            assertEquals(data.customer(id), again.customer(id));
            assertEquals(data.recentOrders(id, 100), again.recentOrders(id, 100));
        }
        for (long id = 1; id <= DataSet.ORDERS; id++) {
            assertEquals(data.order(id), again.order(id));
        }
    }

    @Test
    void anotherSeedGivesOtherData() {
        DataSet other = DataSet.generate(43);
        int same = 0;
        for (long id = 1; id <= 100; id++) {
            if (data.item(id).equals(other.item(id))) {
                same++;
            }
        }
        assertTrue(same < 5, same + " of 100 items identical across seeds");
        assertNotEquals(data.order(1), other.order(1));
    }

    @Test
    void itemsOfACategoryInIdOrderUpToTheLimit() {
        List<Item> books = data.items("books", 30);
        assertEquals(30, books.size());
        long previous = 0;
        for (Item item : books) {
            assertEquals("books", item.category());
            assertTrue(item.id() > previous);
            previous = item.id();
        }
        assertEquals(List.of(data.item(1), data.item(2), data.item(3)), data.items(null, 3));
        assertEquals(List.of(), data.items("spaceships", 10));
        List<Item> allBooks = data.items("books", Integer.MAX_VALUE);
        assertEquals(allBooks.subList(0, 30), books);
        assertTrue(allBooks.size() > 100, "enough books for a full page: " + allBooks.size());
    }

    @Test
    void recentOrdersAreTheCustomersNewestFirst() {
        for (long customer = 1; customer <= 50; customer++) {
            List<Order> recent = data.recentOrders(customer, 5);
            assertTrue(recent.size() <= 5);
            List<Order> all = new ArrayList<>();
            for (long id = DataSet.ORDERS; id >= 1 && all.size() < 5; id--) {
                if (data.order(id).customerId() == customer) {
                    all.add(data.order(id));
                }
            }
            assertEquals(all, recent, "customer " + customer);
        }
        assertEquals(List.of(), data.recentOrders(DataSet.CUSTOMERS + 1, 5));
    }

    @Test
    void insertedOrdersAreStoredWithTheNextIdAndTheirTotal() {
        DataSet fresh = DataSet.generate(1);
        Order order = fresh.insertOrder(7, 11, 3);
        assertEquals(DataSet.ORDERS + 1, order.id());
        assertEquals(fresh.item(11).priceCents() * 3, order.totalCents());
        assertEquals(order, fresh.order(order.id()));
        assertEquals(order, fresh.recentOrders(7, 5).getFirst());
        assertEquals(DataSet.ORDERS + 1, fresh.orderCount());
        assertEquals(DataSet.ORDERS + 2, fresh.insertOrder(7, 11, 1).id());
    }
}
