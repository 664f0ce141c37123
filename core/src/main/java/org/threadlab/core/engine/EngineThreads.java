package org.threadlab.core.engine;

import java.util.Optional;
import org.threadlab.core.db.DelayScheduler;

/** What an engine lends the model that runs on it. */
public interface EngineThreads {
    /** The engine's name, as {@code --engine} spells it. */
    String engine();

    /**
     * Timers on the event loop that calls {@link DelayScheduler#schedule}, for a model that never
     * blocks: a query issued from an event loop completes on that same loop.
     */
    DelayScheduler eventLoopTimers();

    /** Something of the engine's own a model may reuse (the Vert.x engine offers its {@code Vertx}). */
    default <T> Optional<T> resource(Class<T> type) {
        return Optional.empty();
    }
}
