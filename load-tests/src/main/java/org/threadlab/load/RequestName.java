package org.threadlab.load;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a request in Gatling's report and log: {@code "<scenario> <level><unit> <phase>[ <endpoint>]"},
 * e.g. {@code "capacity 50c measure"}, {@code "latency 400rps warmup"}, {@code "mixed 20c measure dashboard"},
 * {@code "spike 3000rps burst"}. Unit {@code c} is closed-model clients, {@code rps} an open-model arrival rate.
 * Phases {@code warmup}, {@code after}, {@code admin} (the faults scenario's switches) and {@code settle} are
 * excluded from results;
 * every other phase is a measured window.
 */
public record RequestName(String scenario, double level, String unit, String phase, String endpoint) {

    public static final String CLIENTS = "c";
    public static final String RPS = "rps";
    public static final String WARMUP = "warmup";
    public static final String MEASURE = "measure";
    /** The open-model windows before and after a disturbance (spike, faults): measured. */
    public static final String BASE = "base";
    public static final String RECOVERY = "recovery";
    /** Requests a late virtual user starts after its level's window has closed: not measured. */
    public static final String AFTER = "after";
    /** The faults scenario's requests that switch the server's faults on and off: not measured. */
    public static final String ADMIN = "admin";
    /**
     * The faults scenario's requests sent after the fault window closed but before the server confirmed
     * the faults off (a server slow to take the switch): they belong to neither window, so not measured.
     */
    public static final String SETTLE = "settle";

    private static final Pattern FORMAT =
            Pattern.compile("([a-z][a-z0-9-]*) ([0-9]+(?:\\.[0-9]+)?)(c|rps) ([a-z]+)(?: (\\S+))?");

    public RequestName {
        if (!CLIENTS.equals(unit) && !RPS.equals(unit)) {
            throw new IllegalArgumentException("unit must be c or rps, got " + unit);
        }
    }

    public static RequestName of(String scenario, double level, String unit, String phase) {
        return new RequestName(scenario, level, unit, phase, null);
    }

    /** The level part alone, e.g. {@code "capacity 50c"}: the key of one level's clock. */
    public static String levelKey(String scenario, double level, String unit) {
        return scenario + " " + formatLevel(level) + unit;
    }

    public static Optional<RequestName> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new RequestName(m.group(1), Double.parseDouble(m.group(2)), m.group(3), m.group(4),
                m.group(5)));
    }

    public static String formatLevel(double level) {
        if (level == Math.rint(level)) {
            return Long.toString((long) level);
        }
        return String.format(Locale.ROOT, "%.3f", level).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    public RequestName withEndpoint(String name) {
        return new RequestName(scenario, level, unit, phase, name);
    }

    public boolean measured() {
        return !WARMUP.equals(phase) && !AFTER.equals(phase) && !ADMIN.equals(phase) && !SETTLE.equals(phase);
    }

    public String levelKey() {
        return levelKey(scenario, level, unit);
    }

    @Override
    public String toString() {
        return levelKey() + " " + phase + (endpoint == null ? "" : " " + endpoint);
    }
}
