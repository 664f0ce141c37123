package org.threadlab.core.options;

/** A started server, as its main method and the tests see it. */
public interface RunningServer extends AutoCloseable {

    /** The port actually bound (useful after {@code --port 0}). */
    int port();

    /** Stops accepting, lets in-flight requests finish, and releases threads. */
    @Override
    void close();
}
