package org.threadlab.core.db;

/** A customer; the dashboard recommends items of the favourite category. */
public record Customer(long id, String name, String tier, String favouriteCategory) {
}
