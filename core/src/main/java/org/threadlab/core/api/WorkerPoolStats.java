package org.threadlab.core.api;

/** The blocking server's request pool, as /stats reports it (null for the other models). */
public record WorkerPoolStats(int size, int active, int queued, int queueCapacity, long completed) {
}
