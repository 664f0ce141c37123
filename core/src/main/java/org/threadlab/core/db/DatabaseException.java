package org.threadlab.core.db;

/** A query failed; the subclass says why, and the API maps each to one status. */
public abstract sealed class DatabaseException extends RuntimeException
        permits DatabaseException.Unavailable, DatabaseException.PoolTimeout, DatabaseException.QueryTimeout {

    DatabaseException(String message) {
        // No stack trace: these are expected outcomes under load, and they are never shown.
        super(message, null, false, false);
    }

    /** An injected fault ({@code --db-error-rate}). */
    public static final class Unavailable extends DatabaseException {
        public Unavailable() {
            super("the database failed the query");
        }
    }

    /** No pool slot within {@code --db-pool-timeout}. */
    public static final class PoolTimeout extends DatabaseException {
        public PoolTimeout() {
            super("no database connection became free in time");
        }
    }

    /** The query ran longer than {@code --db-query-timeout}. */
    public static final class QueryTimeout extends DatabaseException {
        public QueryTimeout() {
            super("the database query timed out");
        }
    }
}
