package org.threadlab.report;

/** A report cannot be written (not a run, unreadable data); the message is one line for the user. */
public final class ReportException extends RuntimeException {
    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
