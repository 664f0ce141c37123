package org.threadlab.load;

import java.time.Duration;

/** The window lengths a scenario lays its levels out with: the same for the simulations and the lab. */
public record Timing(Duration warmup, Duration duration, Duration spikeBurst, Duration spikeRecovery) {
}
