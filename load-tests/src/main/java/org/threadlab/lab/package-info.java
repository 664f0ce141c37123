/**
 * The lab: a command line ({@link org.threadlab.lab.Lab}) that starts each server as its own JVM,
 * drives the Gatling suite against it in a separate Gatling JVM, samples both processes, reads
 * Gatling's simulation.log back, and writes results/&lt;run-id&gt;/ (see results/README.md).
 */
package org.threadlab.lab;
