package org.threadlab.core.engine;

import org.threadlab.core.api.ApiResponse;

/**
 * Where a model hands the answer to one request back to its engine. Exactly one of the two is
 * called, once, from any thread; the engine carries the write over to the connection's event loop.
 */
public interface Responder {
    /** The request's answer, already closed by the API (counted, model header set). */
    void respond(ApiResponse response);

    /** Serving failed outside the API's own error handling (an Error): the engine closes the connection. */
    void fail(Throwable error);
}
