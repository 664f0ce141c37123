package org.threadlab.core.db;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A query as PostgreSQL runs it: the statement, its parameters in order, and how the rows become
 * the same value the simulated database returns. Placeholders are {@code ?}, each used once; the
 * statement starts with the marker {@value #DELAY}, the source of one row that a database with
 * latency replaces with {@code (SELECT pg_sleep(?))}, so that the wait happens inside the statement,
 * holding its connection as a slow query does.
 *
 * <p>Rows arrive as arrays of column values in select order: {@code bigint} as Long, {@code int} as
 * Integer, {@code text} as String, whatever the driver.
 */
public record Sql<T>(String text, List<Object> parameters, Function<List<Object[]>, T> rows) {
    /** Where the statement takes its delay: a one-row table. */
    public static final String DELAY = "{delay}";
    private static final String NO_DELAY = "(SELECT 1)";
    private static final String SLEEP = "(SELECT pg_sleep(?::float8))";

    public Sql {
        if (!text.contains(DELAY)) {
            throw new IllegalArgumentException("a statement takes its delay from " + DELAY + ": " + text);
        }
        parameters = List.copyOf(parameters);
    }

    /**
     * The statement to run and its parameters, with a server-side wait of {@code seconds} (none
     * when not positive) before the rows are returned.
     */
    public Bound bind(double seconds) {
        if (seconds <= 0) {
            return new Bound(text.replace(DELAY, NO_DELAY), parameters);
        }
        List<Object> values = new ArrayList<>(parameters.size() + 1);
        values.add(seconds);
        values.addAll(parameters);
        return new Bound(text.replace(DELAY, SLEEP), values);
    }

    /** A statement ready to run. */
    public record Bound(String text, List<Object> parameters) {
        /** The statement with PostgreSQL's numbered placeholders ($1, $2, ...), for drivers that want them. */
        public String numbered() {
            StringBuilder out = new StringBuilder(text.length() + 8);
            int n = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '?') {
                    out.append('$').append(++n);
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
