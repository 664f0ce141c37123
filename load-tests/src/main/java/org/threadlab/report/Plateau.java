package org.threadlab.report;

import java.util.List;

/**
 * Where a server stops scaling: from level {@code at} on, the load grew at least 1.5-fold but
 * throughput by less than 10 %. {@code last} is the highest level of that flat stretch
 * ({@code stretch}, from {@code at} to {@code last}).
 */
record Plateau(LevelPoint at, LevelPoint last, List<LevelPoint> stretch) {
    static final double LOAD_STEP = 1.5;
    static final double FLAT = 1.10;

    /** Points of one server and scenario in load order; spike phases and generator-limited levels are ignored. */
    static Plateau find(List<LevelPoint> points) {
        List<LevelPoint> pts = points.stream()
                .filter(p -> LevelRow.MEASURE.equals(p.step()) && !p.generatorLimited() && p.throughputRps() != null
                        && p.throughputRps() > 0)
                .toList();
        for (int i = 0; i + 1 < pts.size(); i++) {
            LevelPoint p = pts.get(i);
            if (!flat(p, pts.get(i + 1))) {
                continue;
            }
            int j = i + 1;
            while (j + 1 < pts.size() && flat(p, pts.get(j + 1))) {
                j++;
            }
            return new Plateau(p, pts.get(j), pts.subList(i, j + 1));
        }
        return null;
    }

    /** The median throughput over the flat stretch: what the server stays at. */
    double throughputRps() {
        List<Double> v = stretch.stream().map(LevelPoint::throughputRps).sorted().toList();
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static boolean flat(LevelPoint from, LevelPoint to) {
        return to.level() >= from.level() * LOAD_STEP && to.throughputRps() < from.throughputRps() * FLAT;
    }
}
