package org.threadlab.core.engine;

import java.time.Duration;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.ApiRequest;

/**
 * A concurrency model running on an engine: how each request is scheduled, free of any engine's
 * types. The engine parses a request, hands it to {@link #serve}, and writes what comes back; the
 * model decides which thread runs the API call and how it waits for the database.
 */
public interface Model {
    /** The API this model serves, with its database. */
    Api api();

    /** Runs one request through the API and hands its answer to {@code responder}, on any thread. */
    void serve(ApiRequest request, Responder responder);

    /**
     * Waits for the requests being served to finish, up to {@code grace}, after the engine stopped
     * accepting; then stops taking new ones. Returns true when none is left.
     */
    boolean drain(Duration grace);

    /** Stops every thread of the model and closes the database; after {@link #drain}. */
    void close();

    /** How a model is set up once the engine's threads exist. */
    @FunctionalInterface
    interface Factory {
        Model start(org.threadlab.core.options.ServerOptions options, EngineThreads engine);
    }
}
