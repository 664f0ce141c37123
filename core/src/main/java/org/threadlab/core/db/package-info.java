/**
 * The simulated slow database: a seeded in-memory data set behind one implementation with two
 * faces, a blocking call for thread-per-request servers and a non-blocking call for the
 * reactive one, sharing latency model, pool limit and fault injection.
 */
package org.threadlab.core.db;
