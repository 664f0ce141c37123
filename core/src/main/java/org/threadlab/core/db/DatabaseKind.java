package org.threadlab.core.db;

/** Which database serves the queries ({@code --db}). */
public enum DatabaseKind {
    /** In memory, with drawn latency: the default. */
    SIMULATED,
    /** A real PostgreSQL: embedded, or the one {@code --db-url} names. */
    POSTGRES;

    /** The name as {@code --db} takes it. */
    public String flag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
