package org.threadlab.lab;

/** A failure the lab reports as one line on stderr, with the exit status it ends with. */
public final class LabFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public LabFailure(String message) {
        this(message, 1);
    }

    public LabFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
