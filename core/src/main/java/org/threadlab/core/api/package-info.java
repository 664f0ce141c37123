/**
 * The API of all three servers, independent of any engine: routing, validation, JSON bodies,
 * problem+json errors, admission control and /stats. A server turns its engine's request into
 * an {@link org.threadlab.core.api.ApiRequest}, runs the database queries of the
 * {@link org.threadlab.core.api.Exchange} in its own concurrency idiom, and writes the
 * {@link org.threadlab.core.api.ApiResponse} back. A request the engine could not even parse (or
 * that broke a limit) is answered with {@link org.threadlab.core.api.Api#transportFailure}, so that
 * no server module writes error text of its own.
 */
package org.threadlab.core.api;
