package org.threadlab.core.api;

import java.util.List;
import java.util.function.Function;
import org.threadlab.core.db.Query;

/**
 * One request on its way through the API: either already answered, or waiting for database
 * queries that the server runs concurrently, in its own idiom, before calling {@link #compose}.
 * Every exchange opened with {@link Api#open} is closed with {@link Api#close}.
 */
public final class Exchange {
    private final ApiResponse answer;
    private final List<Query<?>> queries;
    private final Function<List<Object>, ApiResponse> composer;
    private boolean admitted;

    private Exchange(ApiResponse answer, List<Query<?>> queries, Function<List<Object>, ApiResponse> composer) {
        this.answer = answer;
        this.queries = queries;
        this.composer = composer;
    }

    static Exchange answered(ApiResponse response) {
        return new Exchange(response, List.of(), null);
    }

    static Exchange querying(List<Query<?>> queries, Function<List<Object>, ApiResponse> composer) {
        return new Exchange(null, List.copyOf(queries), composer);
    }

    /** True when no query is needed: {@link #answer} is the response. */
    public boolean isAnswered() {
        return answer != null;
    }

    public ApiResponse answer() {
        return answer;
    }

    /** The queries to run, all at once; their results go to {@link #compose} in this order. */
    public List<Query<?>> queries() {
        return queries;
    }

    /** Builds the response from the query results, in the order of {@link #queries}. */
    public ApiResponse compose(List<Object> results) {
        return composer.apply(results);
    }

    boolean admitted() {
        return admitted;
    }

    Exchange admit() {
        admitted = true;
        return this;
    }
}
