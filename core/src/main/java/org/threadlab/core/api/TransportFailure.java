package org.threadlab.core.api;

/**
 * Why a transport could not hand a request to the API at all. The transport names the failure
 * and writes what {@link Api#transportFailure} returns, so that no server module writes error text
 * and every server answers a given failure with the same bytes.
 *
 * <p>How each engine reports these, and which it cannot tell apart, is in the reliability notes
 * of the README; a transport that cannot tell which failure it has uses {@link #MALFORMED}.
 */
public enum TransportFailure {
    /**
     * Not a well-formed HTTP/1.1 request: a broken request line, header syntax (no colon, white
     * space before the colon, control characters), framing that cannot be trusted (Content-Length
     * and Transfer-Encoding together, several or invalid Content-Length values, a bad chunk size) or
     * a request cut short by the client.
     */
    MALFORMED(400, "malformed-request", "Bad Request", "the request is not well-formed HTTP/1.1"),
    /** The request line is longer than {@code --max-request-line}. */
    REQUEST_LINE_TOO_LONG(414, "uri-too-long", "URI Too Long",
            "the request line is longer than this server accepts"),
    /** The header fields together are larger than {@code --max-header-size}. */
    HEADERS_TOO_LARGE(431, "header-fields-too-large", "Request Header Fields Too Large",
            "the request headers are larger than this server accepts"),
    /** The body is larger than the transport reads at all (the API itself answers bodies above its limit). */
    BODY_TOO_LARGE(413, "payload-too-large", "Content Too Large",
            "the request body exceeds " + Api.MAX_BODY_BYTES + " bytes"),
    /** The request was not received completely within {@code --read-timeout} of its first byte. */
    REQUEST_TIMEOUT(408, "request-timeout", "Request Timeout", "the request was not received in time"),
    /** The request's HTTP version is not one the server speaks. */
    VERSION_NOT_SUPPORTED(505, "http-version-not-supported", "HTTP Version Not Supported",
            "the request's HTTP version is not supported");

    private final int status;
    private final String slug;
    private final String title;
    private final String detail;

    TransportFailure(int status, String slug, String title, String detail) {
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.detail = detail;
    }

    /** The status of the answer. */
    public int status() {
        return status;
    }

    /** The problem type of the answer, e.g. {@code urn:threadlab:problem:malformed-request}. */
    public String problemType() {
        return Problem.TYPE_PREFIX + slug;
    }

    ApiResponse response() {
        return Problem.response(status, slug, title, detail);
    }
}
