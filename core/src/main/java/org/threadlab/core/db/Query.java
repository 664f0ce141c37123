package org.threadlab.core.db;

import java.util.function.Function;

/**
 * One query: a name (for statistics) and the in-memory work it does once the simulated
 * latency has passed. {@link Queries} has every query the API issues.
 */
public record Query<T>(String name, Function<DataSet, T> work) {
    T run(DataSet data) {
        return work.apply(data);
    }
}
