/**
 * The Gatling suite (Java DSL): capacity sweep (closed model), latency sweep (open model),
 * mixed workload and spike. Every request name carries scenario, level and phase
 * ({@link org.threadlab.load.RequestName}), so that each level's measured window appears in
 * Gatling's own report and the lab can read the same windows back from simulation.log.
 * Load parameters are system properties ({@link org.threadlab.load.LoadParameters}).
 */
package org.threadlab.load;
