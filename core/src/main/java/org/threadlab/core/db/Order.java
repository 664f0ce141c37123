package org.threadlab.core.db;

/** A stored order. No timestamp: two servers fed the same requests must store the same orders. */
public record Order(long id, long customerId, long itemId, int quantity, long totalCents) {
}
