package org.threadlab.core.db;

import java.util.function.Function;

/**
 * One query: a name (for statistics), the in-memory work it does in the simulated database once
 * the latency has passed, and the same query in SQL for PostgreSQL. {@link Queries} has every
 * query the API issues, each written once in both forms.
 */
public record Query<T>(String name, Function<DataSet, T> work, Sql<T> sql) {
    T run(DataSet data) {
        return work.apply(data);
    }
}
