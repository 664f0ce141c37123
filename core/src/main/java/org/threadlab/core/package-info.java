/**
 * The part of ThreadLab that all three servers share, so that a difference between them can
 * only come from their concurrency model: options, the simulated database, the API and the
 * server-side statistics.
 */
package org.threadlab.core;
