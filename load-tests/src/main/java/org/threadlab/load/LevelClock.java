package org.threadlab.load;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each level started, in this Gatling JVM. A level starts when its first virtual user
 * starts; the request's phase follows from the time elapsed since then. The first start of a
 * level is announced on stdout with a {@value #MARKER} line, which the lab reads to show
 * progress and to place resource samples in the right window.
 */
public final class LevelClock {
    public static final String MARKER = "threadlab-level";

    private static final Map<String, Long> STARTS = new ConcurrentHashMap<>();

    private LevelClock() {
    }

    /** Starts the level's clock unless it runs already; returns its start (epoch ms). */
    public static long start(String levelKey, long warmupMs, long measureMs) {
        return STARTS.computeIfAbsent(levelKey, key -> {
            long now = System.currentTimeMillis();
            System.out.println(MARKER + " key=" + key.replace(' ', '_') + " startEpochMs=" + now
                    + " warmupMs=" + warmupMs + " measureMs=" + measureMs);
            System.out.flush();
            return now;
        });
    }

    /** Milliseconds since the level started (0 if it has not). */
    public static long elapsed(String levelKey) {
        Long start = STARTS.get(levelKey);
        return start == null ? 0 : System.currentTimeMillis() - start;
    }
}
