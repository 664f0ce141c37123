package org.threadlab.core.db;

import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.threadlab.core.options.Durations;

/**
 * How long one query takes. Written as {@code 50ms} (fixed), {@code uniform:20ms..80ms} or
 * {@code lognormal:mean=50ms,p99=400ms}.
 */
public sealed interface LatencyModel {

    /** Draws one latency in nanoseconds. */
    long sampleNanos(RandomGenerator random);

    /** The expected latency, for Little's-law bounds. */
    Duration mean();

    /** The text this model was parsed from, normalised. */
    String text();

    Pattern UNIFORM = Pattern.compile("uniform:([^.]+(?:\\.\\d+[a-z]+)?)\\.\\.(.+)");
    Pattern LOGNORMAL = Pattern.compile("lognormal:mean=([^,]+),p99=(.+)");

    /** @throws IllegalArgumentException with a message fit for the user */
    static LatencyModel parse(String text) {
        String t = text.trim();
        Matcher m;
        if ((m = UNIFORM.matcher(t)).matches()) {
            return new Uniform(Durations.parse(m.group(1)), Durations.parse(m.group(2)));
        }
        if ((m = LOGNORMAL.matcher(t)).matches()) {
            return LogNormal.of(Durations.parse(m.group(1)), Durations.parse(m.group(2)));
        }
        if (t.contains(":")) {
            throw new IllegalArgumentException("'" + text
                    + "' is not a latency model (use 50ms, uniform:20ms..80ms or lognormal:mean=50ms,p99=400ms)");
        }
        return new Fixed(Durations.parse(t));
    }

    record Fixed(Duration latency) implements LatencyModel {
        @Override
        public long sampleNanos(RandomGenerator random) {
            return latency.toNanos();
        }

        @Override
        public Duration mean() {
            return latency;
        }

        @Override
        public String text() {
            return Durations.format(latency);
        }
    }

    record Uniform(Duration min, Duration max) implements LatencyModel {
        public Uniform {
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("uniform latency needs min <= max, got "
                        + Durations.format(min) + ".." + Durations.format(max));
            }
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            long lo = min.toNanos();
            long hi = max.toNanos();
            return lo == hi ? lo : random.nextLong(lo, hi + 1);
        }

        @Override
        public Duration mean() {
            return min.plus(max).dividedBy(2);
        }

        @Override
        public String text() {
            return "uniform:" + Durations.format(min) + ".." + Durations.format(max);
        }
    }

    /**
     * Log-normal latency given by its mean and 99th percentile, the two figures people know
     * about their database. With {@code ln X ~ N(mu, sigma)}: mean = exp(mu + sigma^2/2) and
     * p99 = exp(mu + z99 sigma), which fixes sigma as the smaller root of
     * sigma^2/2 - z99 sigma + ln(p99/mean) = 0.
     */
    record LogNormal(Duration mean, Duration p99, double mu, double sigma) implements LatencyModel {
        static final double Z99 = 2.3263478740408408;

        static LogNormal of(Duration mean, Duration p99) {
            if (mean.isZero() || mean.isNegative()) {
                throw new IllegalArgumentException("lognormal latency needs a positive mean");
            }
            double ratio = Math.log((double) p99.toNanos() / mean.toNanos());
            double discriminant = Z99 * Z99 - 2 * ratio;
            if (ratio <= 0 || discriminant < 0) {
                throw new IllegalArgumentException("lognormal latency needs mean < p99 <= "
                        + Durations.format(Duration.ofNanos((long) (mean.toNanos() * Math.exp(Z99 * Z99 / 2))))
                        + " for that mean");
            }
            double sigma = Z99 - Math.sqrt(discriminant);
            double mu = Math.log(mean.toNanos()) - sigma * sigma / 2;
            return new LogNormal(mean, p99, mu, sigma);
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return Math.round(Math.exp(mu + sigma * random.nextGaussian()));
        }

        @Override
        public String text() {
            return "lognormal:mean=" + Durations.format(mean) + ",p99=" + Durations.format(p99);
        }
    }
}
