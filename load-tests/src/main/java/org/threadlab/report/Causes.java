package org.threadlab.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Gatling's failure messages (koByCause) grouped into what a reader cares about: status, timeout, connection. */
final class Causes {
    static final String TIMEOUTS = "timeouts";
    static final String CONNECTION = "connection errors";
    private static final Pattern STATUS = Pattern.compile("found (\\d{3})");

    private Causes() {
    }

    /** "status.find.in(200..399), but actually found 503" -> "HTTP 503"; request timeouts -> "timeouts". */
    static String group(String cause) {
        Matcher m = STATUS.matcher(cause);
        if (m.find()) {
            return "HTTP " + m.group(1);
        }
        String c = cause.toLowerCase(Locale.ROOT);
        if (c.contains("timeout") || c.contains("timed out")) {
            return TIMEOUTS;
        }
        if (c.contains("connect") || c.contains("refused") || c.contains("reset") || c.contains("closed")) {
            return CONNECTION;
        }
        return cause.length() > 60 ? cause.substring(0, 57) + "..." : cause;
    }

    /** Counts per group, largest first. */
    static Map<String, Long> grouped(Map<String, Long> koByCause) {
        Map<String, Long> g = new LinkedHashMap<>();
        koByCause.forEach((k, v) -> g.merge(group(k), v, Long::sum));
        return g.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** "HTTP 503 ×2,862, timeouts ×12". */
    static String describe(Map<String, Long> koByCause) {
        List<String> parts = grouped(koByCause).entrySet().stream()
                .map(e -> e.getKey() + " \u00d7" + Numbers.count(e.getValue())).toList();
        return String.join(", ", parts);
    }
}
