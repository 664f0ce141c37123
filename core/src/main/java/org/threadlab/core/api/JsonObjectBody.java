package org.threadlab.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a request body that must be one JSON object, with the same answers for every resource
 * that takes one: 413 too large, 415 not JSON, 400 malformed or empty, 422 not an object.
 */
record JsonObjectBody(JsonNode object, ApiResponse error) {

    static JsonObjectBody read(ApiRequest request) {
        if (request.bodyTooLarge()) {
            return failed(TransportFailure.BODY_TOO_LARGE.response());
        }
        if (!isJson(request.contentType())) {
            return failed(Problem.response(415, "unsupported-media-type", "Unsupported Media Type",
                    "the request body must be application/json"));
        }
        JsonNode body;
        try {
            body = Json.tree(request.body());
        } catch (IOException e) {
            return failed(Problem.badRequest("the request body is not well-formed JSON"));
        }
        if (body == null || body.isMissingNode()) {
            return failed(Problem.badRequest("the request body is empty"));
        }
        if (!body.isObject()) {
            return failed(Problem.invalidField(null, "the request body must be a JSON object"));
        }
        return new JsonObjectBody(body, null);
    }

    private static JsonObjectBody failed(ApiResponse error) {
        return new JsonObjectBody(null, error);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }
}
