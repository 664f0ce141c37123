package org.threadlab.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.threadlab.core.api.Api;

/**
 * One row of the contract table: a request exactly as sent, and what every server must answer.
 *
 * @param target       path and raw query; {@code {location:NAME}} stands for the Location header
 *                     that case NAME received
 * @param contentType  the request's Content-Type, or null for none
 * @param body         the request body, or null for none
 * @param chunked      send the body with Transfer-Encoding: chunked instead of Content-Length
 * @param status       the expected status
 * @param responseType the expected Content-Type, exactly
 * @param headers      further response headers expected with exactly these values
 * @param bodyVaries   the body holds live figures (/stats): servers agree on its shape only
 * @param checks       checks of the body, run after the common ones
 */
public record ContractCase(String name, String method, String target, String contentType, byte[] body,
                           boolean chunked, int status, String responseType, Map<String, String> headers,
                           boolean bodyVaries, List<Check> checks) {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Pattern LOCATION_OF = Pattern.compile("\\{location:([^}]+)}");
    /** What a response must never show: traces, class names, packages. */
    public static final List<String> INTERNALS = List.of("Exception", "at org.", "java.", "Caused by", "\tat ");
    private static final Set<String> PROBLEM_FIELDS = Set.of("type", "title", "status", "detail", "field");

    public ContractCase {
        headers = Map.copyOf(headers);
        checks = List.copyOf(checks);
    }

    /** A check of one response; {@code context} gives the model and the responses before it. */
    @FunctionalInterface
    public interface Check {
        void verify(ContractResponse response, Context context);
    }

    /**
     * @param model   the expected X-Concurrency-Model value, or null to skip that check
     * @param earlier the responses to earlier cases of the same run, by case name
     */
    public record Context(String model, Map<String, ContractResponse> earlier) {
        public ContractResponse earlier(String caseName) {
            ContractResponse r = earlier.get(caseName);
            if (r == null) {
                fail("case '" + caseName + "' has no response in this run (it failed or did not run before)");
            }
            return r;
        }
    }

    /** An error case: the request is wrong, or asks for something that is not there. */
    public boolean isBadInput() {
        return status >= 400;
    }

    /** The target with every {@code {location:NAME}} replaced by that case's Location header. */
    public String resolveTarget(Map<String, ContractResponse> earlier) {
        Matcher m = LOCATION_OF.matcher(target);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            ContractResponse r = earlier.get(m.group(1));
            String location = r == null ? null : r.header("Location");
            if (location == null) {
                fail(name + ": case '" + m.group(1) + "' gave no Location header to follow");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(location));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Asserts everything the contract says about this response. */
    public void verify(ContractResponse r, Context context) {
        String about = this + " -> " + r;
        assertEquals(status, r.status(), () -> "status of " + about);
        assertEquals(responseType, r.contentType(), () -> "Content-Type of " + about);
        String length = r.header("Content-Length");
        assertNotNull(length, () -> "no Content-Length in " + about);
        assertEquals(r.body().length, Integer.parseInt(length.trim()), () -> "Content-Length of " + about);
        if (context.model() != null) {
            assertEquals(context.model(), r.header(Api.MODEL_HEADER), () -> Api.MODEL_HEADER + " of " + about);
        }
        headers.forEach((header, value) ->
                assertEquals(value, r.header(header), () -> header + " header of " + about));
        String text = r.bodyText();
        for (String internal : INTERNALS) {
            assertFalse(text.contains(internal), () -> "body shows internals ('" + internal + "'): " + about);
        }
        if (PROBLEM_JSON.equals(responseType)) {
            JsonNode problem = JsonTrees.read(r.body(), about);
            assertTrue(problem.isObject(), () -> "problem is not an object: " + about);
            problem.fieldNames().forEachRemaining(f ->
                    assertTrue(PROBLEM_FIELDS.contains(f), () -> "unexpected problem member '" + f + "': " + about));
            assertTrue(problem.path("type").isTextual()
                    && problem.path("type").asText().startsWith("urn:threadlab:problem:"), () -> "problem type: " + about);
            assertTrue(problem.path("title").isTextual() && !problem.path("title").asText().isBlank(),
                    () -> "problem title: " + about);
            assertTrue(problem.path("status").isInt(), () -> "problem status: " + about);
            assertEquals(status, problem.path("status").asInt(), () -> "problem status: " + about);
            assertTrue(problem.path("detail").isTextual() && !problem.path("detail").asText().isBlank(),
                    () -> "problem detail: " + about);
        } else if (JSON.equals(responseType)) {
            JsonTrees.read(r.body(), about);
        }
        for (Check check : checks) {
            check.verify(r, context);
        }
    }

    @Override
    public String toString() {
        String shown = target.length() > 80 ? target.substring(0, 80) + "..." : target;
        String sent = body == null ? "" : " [" + (contentType == null ? "no content type" : contentType) + ", "
                + body.length + " bytes" + (chunked ? " chunked" : "") + "]";
        return name + ": " + method + " " + shown + sent + " -> " + status;
    }

    static Builder builder(String name, String method, String target) {
        return new Builder(name, method, target);
    }

    /** Builds one case; the table reads as a list of these. */
    static final class Builder {
        private final String name;
        private final String method;
        private final String target;
        private String contentType;
        private byte[] body;
        private boolean chunked;
        private int status;
        private String responseType;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean bodyVaries;
        private final List<Check> checks = new ArrayList<>();

        private Builder(String name, String method, String target) {
            this.name = name;
            this.method = method;
            this.target = target;
        }

        Builder body(String contentType, String body) {
            return body(contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        Builder body(String contentType, byte[] body) {
            this.contentType = contentType;
            this.body = body;
            return this;
        }

        Builder chunked() {
            this.chunked = true;
            return this;
        }

        Builder expect(int status, String responseType) {
            this.status = status;
            this.responseType = responseType;
            return this;
        }

        Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Builder bodyVaries() {
            this.bodyVaries = true;
            return this;
        }

        Builder check(Check check) {
            checks.add(check);
            return this;
        }

        ContractCase build() {
            if (status == 0) {
                throw new IllegalStateException(name + ": no expected status");
            }
            return new ContractCase(name, method, target, contentType, body, chunked, status, responseType, headers,
                    bodyVaries, checks);
        }
    }
}
