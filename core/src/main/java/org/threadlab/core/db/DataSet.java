package org.threadlab.core.db;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rows behind the simulated database, generated from a seed so that every server (and
 * every run) starts from the same data. Reads and writes are plain in-memory operations; the
 * slowness lives in {@link SimulatedDatabase}.
 */
public final class DataSet {
    public static final List<String> CATEGORIES = List.of("books", "music", "games", "garden", "kitchen",
            "toys", "sports", "tools", "office", "health", "beauty", "outdoor");
    public static final int ITEMS = 5_000;
    public static final int CUSTOMERS = 2_000;
    public static final int ORDERS = 10_000;
    private static final List<String> TIERS = List.of("bronze", "silver", "gold");
    private static final List<String> ADJECTIVES = List.of("Small", "Large", "Classic", "Modern", "Compact",
            "Deluxe", "Basic", "Premium", "Travel", "Family");
    private static final List<String> NOUNS = List.of("Lamp", "Kettle", "Puzzle", "Notebook", "Drill", "Racket",
            "Speaker", "Planter", "Backpack", "Brush", "Novel", "Album");
    private static final List<String> NAMES = List.of("Ada", "Brian", "Chen", "Dana", "Emeka", "Fatima", "Goran",
            "Hana", "Ivan", "Jun", "Kofi", "Lena", "Marta", "Nils", "Olu", "Priya");

    private final Item[] items;
    private final Map<String, List<Item>> itemsByCategory;
    private final Customer[] customers;
    private final Map<Long, Order> orders = new ConcurrentHashMap<>();
    private final Map<Long, ConcurrentLinkedDeque<Order>> ordersByCustomer = new ConcurrentHashMap<>();
    private final AtomicLong nextOrderId = new AtomicLong(1);

    private DataSet(Item[] items, Customer[] customers) {
        this.items = items;
        this.customers = customers;
        Map<String, List<Item>> byCategory = new java.util.HashMap<>();
        for (Item item : items) {
            byCategory.computeIfAbsent(item.category(), c -> new ArrayList<>()).add(item);
        }
        byCategory.replaceAll((c, list) -> Collections.unmodifiableList(list));
        this.itemsByCategory = Map.copyOf(byCategory);
    }

    public static DataSet generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Item[] items = new Item[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            String name = pick(ADJECTIVES, random) + " " + pick(NOUNS, random) + " " + (i + 1);
            items[i] = new Item(i + 1, name, pick(CATEGORIES, random), random.nextLong(199, 50_000),
                    random.nextInt(0, 500));
        }
        Customer[] customers = new Customer[CUSTOMERS];
        for (int i = 0; i < CUSTOMERS; i++) {
            customers[i] = new Customer(i + 1, pick(NAMES, random) + " " + (char) ('A' + random.nextInt(26)) + ".",
                    pick(TIERS, random), pick(CATEGORIES, random));
        }
        DataSet data = new DataSet(items, customers);
        for (int i = 0; i < ORDERS; i++) {
            data.insertOrder(random.nextLong(1, CUSTOMERS + 1), random.nextLong(1, ITEMS + 1), random.nextInt(1, 5));
        }
        return data;
    }

    private static String pick(List<String> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }

    public Item item(long id) {
        return id >= 1 && id <= items.length ? items[(int) (id - 1)] : null;
    }

    /** Items of one category (all categories when null), in id order, at most {@code limit}. */
    public List<Item> items(String category, int limit) {
        List<Item> source = category == null ? List.of(items) : itemsByCategory.getOrDefault(category, List.of());
        return List.copyOf(source.subList(0, Math.min(limit, source.size())));
    }

    public Customer customer(long id) {
        return id >= 1 && id <= customers.length ? customers[(int) (id - 1)] : null;
    }

    public Order order(long id) {
        return orders.get(id);
    }

    /** The customer's newest orders, newest first. */
    public List<Order> recentOrders(long customerId, int limit) {
        ConcurrentLinkedDeque<Order> list = ordersByCustomer.get(customerId);
        if (list == null) {
            return List.of();
        }
        List<Order> result = new ArrayList<>(limit);
        for (Order order : list) {
            if (result.size() == limit) {
                break;
            }
            result.add(order);
        }
        return result;
    }

    /** Stores an order; callers have checked that customer and item exist. */
    public Order insertOrder(long customerId, long itemId, int quantity) {
        Item item = item(itemId);
        Order order = new Order(nextOrderId.getAndIncrement(), customerId, itemId, quantity,
                item.priceCents() * quantity);
        orders.put(order.id(), order);
        ordersByCustomer.computeIfAbsent(customerId, c -> new ConcurrentLinkedDeque<>()).addFirst(order);
        return order;
    }

    public int orderCount() {
        return orders.size();
    }
}
