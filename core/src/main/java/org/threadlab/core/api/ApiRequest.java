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

    /**
     * Splits a raw request target such as {@code /api/items?limit=5} into path and query. The
     * absolute form ({@code http://host/api/items}), which HTTP/1.1 servers must accept and engines
     * pass on as it came, is reduced to the same path and query.
     */
    public static ApiRequest ofTarget(String method, String target, String contentType, byte[] body,
                                      boolean bodyTooLarge) {
        target = originForm(target);
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        return new ApiRequest(method, path, query, contentType, body, bodyTooLarge);
    }

    /** {@code http://host:port/p?q} becomes {@code /p?q}; other targets are returned as they are. */
    private static String originForm(String target) {
        int schemeEnd = target.regionMatches(true, 0, "http://", 0, 7) ? 7
                : target.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        if (schemeEnd < 0) {
            return target;
        }
        int authorityEnd = schemeEnd;
        while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String rest = target.substring(authorityEnd);
        return rest.startsWith("/") ? rest : "/" + rest;
    }
}
