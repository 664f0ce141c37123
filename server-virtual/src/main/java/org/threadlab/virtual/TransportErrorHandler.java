package org.threadlab.virtual;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.ApiRequest;
import org.threadlab.core.api.ApiResponse;
import org.threadlab.core.api.TransportFailure;

/**
 * Answers what Helidon rejects before (or instead of) routing, always with core's body, so that no
 * Helidon text reaches a client: a body beyond the listener's payload cap gets core's answer for a
 * too-large body; a request line beyond {@code --max-request-line} (Helidon's 414), headers beyond
 * {@code --max-header-size} (Helidon's 400 "Header size exceeded": Helidon has no 431), HTTP/1.0
 * (505: Helidon SE 4 speaks HTTP/1.1 only) and every other malformed request get core's transport
 * failure. Helidon reports a request line it could not parse at all (a bad method character) or
 * headers cut short as an internal error with no method: that is a malformed request too; an
 * internal error on a parsed request gets core's 500 problem. Helidon closes the connection after
 * each of these answers.
 */
final class TransportErrorHandler implements DirectHandler {
    /** Helidon's message (given with {@code includeEntity(true)}) for headers beyond its limit. */
    static final String HEADERS_TOO_LARGE_MESSAGE = "Header size exceeded";

    private final Api api;
    private final ExecutorService fanOut;

    TransportErrorHandler(Api api, ExecutorService fanOut) {
        this.api = api;
        this.fanOut = fanOut;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        int status = defaultStatus.code();
        boolean parsed = !request.method().isEmpty();
        if (status == Status.REQUEST_ENTITY_TOO_LARGE_413.code() && parsed) {
            // Only the path is known here (Helidon drops the query); core decides what a too-large body means.
            ApiRequest tooLarge = ApiRequest.ofTarget(request.method(), request.path(),
                    request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), null, true);
            return answer(api.serveBlocking(tooLarge, fanOut));
        }
        if (eventType == EventType.INTERNAL_ERROR && parsed) {
            // A fault of ours on a request that was read: core's 500, not a client error.
            return answer(api.failure(new IllegalStateException(eventType.name())));
        }
        return answer(api.transportFailure(failure(defaultStatus, message)));
    }

    /** Which failure Helidon's answer stands for; anything not told apart is a malformed request. */
    private static TransportFailure failure(Status status, String message) {
        int code = status.code();
        if (code == Status.REQUEST_URI_TOO_LONG_414.code()) {
            return TransportFailure.REQUEST_LINE_TOO_LONG;
        }
        if (code == 431
                || message != null && message.contains(HEADERS_TOO_LARGE_MESSAGE)) {
            return TransportFailure.HEADERS_TOO_LARGE;
        }
        if (code == Status.HTTP_VERSION_NOT_SUPPORTED_505.code()) {
            return TransportFailure.VERSION_NOT_SUPPORTED;
        }
        if (code == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            return TransportFailure.BODY_TOO_LARGE;
        }
        if (code == Status.REQUEST_TIMEOUT_408.code()) {
            return TransportFailure.REQUEST_TIMEOUT;
        }
        return TransportFailure.MALFORMED;
    }

    private TransportResponse answer(ApiResponse response) {
        TransportResponse.Builder builder = TransportResponse.builder()
                .status(Status.create(response.status()))
                .header(HeaderNames.CONTENT_TYPE, response.contentType())
                .header(HeaderNames.create(Api.MODEL_HEADER), api.model());
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            builder.header(HeaderNames.create(header.getKey()), header.getValue());
        }
        return builder.entity(response.body()).build();
    }
}
