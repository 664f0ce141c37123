package org.threadlab.report;

import java.util.List;

/**
 * Memory that 1,000 more requests in flight cost a server, in a closed scenario: the growth of
 * RSS and of used heap from its lowest counted level to a higher one, divided by the growth in
 * clients (each client has one request in flight). The lowest level carries the JVM's fixed
 * footprint, which the difference leaves out, so the figure carries over to other loads. A
 * figure that shrank (used heap between two collections can) is within the noise: null.
 *
 * @param rssMb MB of RSS per 1,000 requests in flight, or null
 * @param heapMb MB of used heap per 1,000 requests in flight, or null
 */
record PerInFlight(Double rssMb, Double heapMb) {

    /** From the points of one server and scenario in load order, at {@code at}; null where it cannot be told. */
    static PerInFlight of(List<LevelPoint> points, LevelPoint at) {
        if (!at.closed()) {
            return null;
        }
        LevelPoint low = points.stream()
                .filter(p -> LevelRow.MEASURE.equals(p.step()) && !p.generatorLimited() && p.level() < at.level())
                .findFirst().orElse(null);
        if (low == null) {
            return null;
        }
        double thousands = (at.level() - low.level()) / 1000;
        return new PerInFlight(per(low.rssMb(), at.rssMb(), thousands), per(low.heapMb(), at.heapMb(), thousands));
    }

    private static Double per(Double from, Double to, double thousands) {
        return from == null || to == null || to < from ? null : (to - from) / thousands;
    }
}
