package org.threadlab.core.db.postgres;

/**
 * The server cannot start because its PostgreSQL cannot be started, reached or loaded; the
 * message is one line that says which and why, as the server prints it before exiting 1.
 */
public final class DatabaseStartException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public DatabaseStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
