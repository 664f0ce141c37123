package org.threadlab.core.db.postgres;

import org.threadlab.core.options.ServerOptions;

/** The connection settings both drivers give PostgreSQL, written once. */
public final class PostgresSettings {
    private PostgresSettings() {
    }

    /** {@code --db-query-timeout} as the session's statement_timeout (0 = none), in milliseconds. */
    public static long statementTimeoutMillis(ServerOptions o) {
        return o.dbQueryTimeout().toMillis();
    }

    /** The startup options pgjdbc passes as {@code options}: {@code -c statement_timeout=...}. */
    static String startupOptions(ServerOptions o) {
        return "-c statement_timeout=" + statementTimeoutMillis(o);
    }

    /** What PostgreSQL's max_connections must be at least for one server's pool. */
    public static int maxConnections(int poolSize) {
        return poolSize + EmbeddedPostgresServer.SPARE_CONNECTIONS;
    }

    /** The innermost cause's message, for one-line errors. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
