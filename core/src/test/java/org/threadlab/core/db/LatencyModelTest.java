package org.threadlab.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencyModelTest {
    private static final int SAMPLES = 20_000;
    private static final long MS = 1_000_000;

    private static long[] sample(LatencyModel model, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] samples = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = model.sampleNanos(random);
        }
        return samples;
    }

    private static double mean(long[] samples) {
        return Arrays.stream(samples).average().orElseThrow();
    }

    private static long percentile(long[] samples, double p) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(p * sorted.length) - 1];
    }

    @Test
    void fixedIsExact() {
        LatencyModel model = LatencyModel.parse("50ms");
        assertInstanceOf(LatencyModel.Fixed.class, model);
        assertTrue(Arrays.stream(sample(model, 1)).allMatch(n -> n == 50 * MS));
        assertEquals(Duration.ofMillis(50), model.mean());
        assertEquals(0, LatencyModel.parse("0ms").sampleNanos(new SplittableRandom(1)));
    }

    @Test
    void uniformStaysWithinItsBoundsAndCoversThem() {
        LatencyModel model = LatencyModel.parse("uniform:20ms..80ms");
        long[] s = sample(model, 7);
        long min = Arrays.stream(s).min().orElseThrow();
        long max = Arrays.stream(s).max().orElseThrow();
        assertTrue(min >= 20 * MS && max <= 80 * MS, min + ".." + max);
        assertTrue(min < 21 * MS && max > 79 * MS, "covers the range: " + min + ".." + max);
        assertEquals(50.0 * MS, mean(s), 0.02 * 50 * MS);
        assertEquals(50 * MS, model.mean().toNanos());
        // A uniform distribution's quartiles sit at a quarter and three quarters of the range.
        assertEquals(35.0 * MS, percentile(s, 0.25), 1.5 * MS);
        assertEquals(65.0 * MS, percentile(s, 0.75), 1.5 * MS);
    }

    @Test
    void uniformOfOnePointIsThatPoint() {
        LatencyModel model = LatencyModel.parse("uniform:5ms..5ms");
        assertTrue(Arrays.stream(sample(model, 3)).allMatch(n -> n == 5 * MS));
    }

    @Test
    void uniformWithFractionalBounds() {
        LatencyModel.Uniform model = assertInstanceOf(LatencyModel.Uniform.class,
                LatencyModel.parse("uniform:1.5ms..2.5ms"));
        assertEquals(Duration.ofNanos(1_500_000), model.min());
        assertEquals(Duration.ofNanos(2_500_000), model.max());
    }

    @ParameterizedTest(name = "lognormal:mean={0}ms,p99={1}ms")
    @CsvSource({"50,400", "50,100", "10,60", "200,250"})
    void logNormalMatchesItsMeanAndP99(long meanMs, long p99Ms) {
        LatencyModel model = LatencyModel.parse("lognormal:mean=" + meanMs + "ms,p99=" + p99Ms + "ms");
        long[] s = sample(model, 42);
        assertEquals(meanMs * MS, mean(s), 0.10 * meanMs * MS, "sample mean");
        assertEquals(p99Ms * MS, percentile(s, 0.99), 0.10 * p99Ms * MS, "sample p99");
        assertTrue(Arrays.stream(s).allMatch(n -> n > 0), "log-normal latencies are positive");
        assertEquals(Duration.ofMillis(meanMs), model.mean());
    }

    @Test
    void logNormalParametersSolveTheDefiningEquations() {
        LatencyModel.LogNormal model = assertInstanceOf(LatencyModel.LogNormal.class,
                LatencyModel.parse("lognormal:mean=50ms,p99=400ms"));
        double mean = Math.exp(model.mu() + model.sigma() * model.sigma() / 2);
        double p99 = Math.exp(model.mu() + LatencyModel.LogNormal.Z99 * model.sigma());
        assertEquals(50 * MS, mean, 1e-6 * 50 * MS);
        assertEquals(400 * MS, p99, 1e-6 * 400 * MS);
        assertTrue(model.sigma() > 0);
    }

    @Test
    void theSameSeedDrawsTheSameLatencies() {
        LatencyModel model = LatencyModel.parse("lognormal:mean=50ms,p99=400ms");
        assertTrue(Arrays.equals(sample(model, 5), sample(model, 5)));
        assertNotEquals(Arrays.toString(sample(model, 5)), Arrays.toString(sample(model, 6)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"50ms|50ms", " 50ms |50ms", "0.05s|50ms", "uniform:20ms..80ms|uniform:20ms..80ms",
        "uniform:0.02s..80000us|uniform:20ms..80ms", "lognormal:mean=0.05s,p99=400ms|lognormal:mean=50ms,p99=400ms"})
    void textIsNormalised(String input, String text) {
        assertEquals(text, LatencyModel.parse(input).text());
        assertEquals(LatencyModel.parse(text), LatencyModel.parse(input));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"gaussian:50ms", "uniform:80ms..20ms", "uniform:20ms", "50",
        "lognormal:mean=400ms,p99=50ms", "lognormal:mean=50ms,p99=50ms", "lognormal:mean=0ms,p99=50ms",
        "lognormal:p99=50ms,mean=5ms", "-5ms"})
    void rejectsMalformedModels(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LatencyModel.parse(text));
        assertTrue(!e.getMessage().isBlank() && !e.getMessage().contains("\n"), e.getMessage());
    }
}
