package org.threadlab.core.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A decoded query string; the first value of a repeated name wins. */
final class QueryParameters {
    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    /** @throws IllegalArgumentException when the query string is not valid percent-encoding */
    static QueryParameters parse(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.putIfAbsent(name, value);
            }
        }
        return new QueryParameters(values);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    String get(String name) {
        return values.get(name);
    }

    /** The named integer within min..max, the default when absent; null when present but invalid. */
    Integer intWithin(String name, int defaultValue, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        if (!text.matches("-?\\d{1,10}")) {
            return null;
        }
        long value = Long.parseLong(text);
        return value >= min && value <= max ? (int) value : null;
    }
}
