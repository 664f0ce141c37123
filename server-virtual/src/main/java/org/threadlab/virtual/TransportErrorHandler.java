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

/**
 * Answers what Helidon rejects before (or instead of) routing, so that no Helidon text reaches a
 * client: a body beyond the listener's payload cap gets core's answer for a too-large body, an
 * internal error gets core's 500 problem, and anything else (malformed request line or headers,
 * HTTP/1.0) keeps Helidon's status with no body, as core has no answer for requests it never sees.
 */
final class TransportErrorHandler implements DirectHandler {
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
        if (status == Status.REQUEST_ENTITY_TOO_LARGE_413.code() && !request.method().isEmpty()) {
            // Only the path is known here (Helidon drops the query); core decides what a too-large body means.
            ApiRequest tooLarge = ApiRequest.ofTarget(request.method(), request.path(),
                    request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), null, true);
            return answer(api.serveBlocking(tooLarge, fanOut));
        }
        if (status == Status.INTERNAL_SERVER_ERROR_500.code()) {
            return answer(api.failure(new IllegalStateException(eventType.name())));
        }
        return TransportResponse.builder()
                .status(defaultStatus)
                .header(HeaderNames.create(Api.MODEL_HEADER), api.model())
                .build();
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
