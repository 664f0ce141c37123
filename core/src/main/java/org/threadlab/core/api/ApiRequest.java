package org.threadlab.core.api;

/**
 * A request as every engine can describe it.
 *
 * @param method       the method token as received
 * @param path         the raw (not decoded) path, without the query
 * @param query        the raw query string without '?', or null
 * @param contentType  the Content-Type header, or null
 * @param body         the body, empty when none; empty also when {@code bodyTooLarge}
 * @param bodyTooLarge the transport stopped reading the body past {@link Api#MAX_BODY_BYTES}
 */
public record ApiRequest(String method, String path, String query, String contentType, byte[] body,
                         boolean bodyTooLarge) {

    private static final byte[] NO_BODY = new byte[0];

    public ApiRequest {
        body = body == null ? NO_BODY : body;
    }

    public static ApiRequest of(String method, String path, String query, String contentType, byte[] body) {
        return new ApiRequest(method, path, query, contentType, body, false);
    }

    /** Splits a raw request target such as {@code /api/items?limit=5} into path and query. */
    public static ApiRequest ofTarget(String method, String target, String contentType, byte[] body,
                                      boolean bodyTooLarge) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        return new ApiRequest(method, path, query, contentType, body, bodyTooLarge);
    }
}
