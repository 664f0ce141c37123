package org.threadlab.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * An RFC 9457 problem body. {@code field} names the offending field of a 422. Details say what
 * the client did wrong or what failed, never how the server is built.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {
    static final String TYPE_PREFIX = "urn:threadlab:problem:";

    static ApiResponse response(int status, String slug, String title, String detail) {
        return response(new Problem(TYPE_PREFIX + slug, title, status, detail, null));
    }

    static ApiResponse response(Problem problem) {
        return new ApiResponse(problem.status(), ApiResponse.PROBLEM_JSON, Json.bytes(problem), Map.of());
    }

    static ApiResponse badRequest(String detail) {
        return response(400, "bad-request", "Bad Request", detail);
    }

    static ApiResponse notFound(String detail) {
        return response(404, "not-found", "Not Found", detail);
    }

    static ApiResponse invalidField(String field, String detail) {
        return response(new Problem(TYPE_PREFIX + "invalid-field", "Unprocessable Content", 422,
                detail, field));
    }
}
