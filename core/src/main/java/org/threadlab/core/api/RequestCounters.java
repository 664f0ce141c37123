package org.threadlab.core.api;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Requests served, in flight and rejected, and the admission limit ({@code --max-in-flight}). */
final class RequestCounters {
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final LongAdder served = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();

    RequestCounters(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Admits a request unless the limit is reached; an admitted request must {@link #exit}. */
    boolean tryEnter() {
        while (true) {
            int current = inFlight.get();
            if (maxInFlight > 0 && current >= maxInFlight) {
                rejected.increment();
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                peakInFlight.accumulateAndGet(current + 1, Math::max);
                return true;
            }
        }
    }

    void rejected() {
        rejected.increment();
    }

    void exit() {
        inFlight.decrementAndGet();
    }

    void served(int status) {
        served.increment();
        if (status >= 500) {
            serverErrors.increment();
        }
    }

    RequestStats snapshot() {
        return new RequestStats(served.sum(), inFlight.get(), peakInFlight.get(), rejected.sum(), serverErrors.sum(),
                maxInFlight);
    }

    /** The request part of /stats. */
    record RequestStats(long served, int inFlight, int peakInFlight, long rejected, long serverErrors,
                        int maxInFlight) {
    }
}
