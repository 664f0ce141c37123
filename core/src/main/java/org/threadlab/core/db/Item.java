package org.threadlab.core.db;

/** A catalogue item. */
public record Item(long id, String name, String category, long priceCents, int stock) {
}
