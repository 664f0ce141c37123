package org.threadlab.core.contract;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A response as the contract sees it: status, headers (names in lower case) and body bytes.
 *
 * @param elapsedNanos time from sending the request to having the whole body
 */
public record ContractResponse(int status, Map<String, List<String>> headers, byte[] body, long elapsedNanos) {

    public ContractResponse {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                n -> new java.util.ArrayList<>()).addAll(values));
        lower.replaceAll((n, v) -> List.copyOf(v));
        headers = java.util.Collections.unmodifiableMap(lower);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String contentType() {
        return header("Content-Type");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String text = bodyText();
        return status + " " + headers + " " + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
    }
}
