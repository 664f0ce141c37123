package org.threadlab.load;

import java.time.Duration;

/**
 * One window of a level, in milliseconds from the level's start: its step ({@code warmup},
 * {@code measure}, {@code base}, {@code burst}...), the arrival rate or client count during it, and
 * how the progress line names it ({@code "warm-up"}, {@code "burst 2000 req/s for"}).
 */
public record Phase(String step, double level, long startMs, long endMs, String label) {

    public long lengthMs() {
        return endMs - startMs;
    }

    public Duration length() {
        return Duration.ofMillis(lengthMs());
    }

    public boolean contains(long elapsedMs) {
        return elapsedMs >= startMs && elapsedMs < endMs;
    }
}
