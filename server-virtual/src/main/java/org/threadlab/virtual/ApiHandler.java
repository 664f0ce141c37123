package org.threadlab.virtual;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.ApiRequest;
import org.threadlab.core.api.ApiResponse;
import org.threadlab.core.api.TransportFailure;

/**
 * The one handler of the server: every method on every path goes to the core API, on the
 * request's own virtual thread, which blocks while the database works.
 */
final class ApiHandler implements Handler {
    private static final byte[] NO_BODY = new byte[0];

    private final Api api;
    private final ExecutorService fanOut;

    ApiHandler(Api api, ExecutorService fanOut) {
        this.api = api;
        this.fanOut = fanOut;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws IOException {
        try {
            serve(req, res);
        } finally {
            ConnectionWatchdog.responseSent();
        }
    }

    private void serve(ServerRequest req, ServerResponse res) throws IOException {
        HttpPrologue prologue = req.prologue();
        // The raw forms, so that core sees the same bytes as on the other servers.
        String target = prologue.hasQuery()
                ? prologue.uriPath().rawPath() + "?" + prologue.query().rawValue()
                : prologue.uriPath().rawPath();
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
        byte[] body = NO_BODY;
        boolean tooLarge = false;
        if (req.content().hasEntity()) {
            OptionalLong declared = req.headers().contentLength();
            try {
                if (declared.isPresent() && declared.getAsLong() > Api.MAX_BODY_BYTES) {
                    tooLarge = true;
                } else {
                    // Reading stops one byte past the limit.
                    byte[] read = req.content().inputStream().readNBytes(Api.MAX_BODY_BYTES + 1);
                    tooLarge = read.length > Api.MAX_BODY_BYTES;
                    body = tooLarge ? NO_BODY : read;
                }
                if (tooLarge) {
                    // The rest is read and dropped here rather than by Helidon after the response, so
                    // that the whole request counts against --read-timeout and the connection stays usable.
                    req.content().consume();
                }
            } catch (RuntimeException e) {
                failReading(tooLarge, e, res);
            }
        }
        // Complete: from here on the request may wait for the database as long as it takes.
        ConnectionWatchdog.requestReceived();
        ApiRequest request = ApiRequest.ofTarget(prologue.method().text(), target, contentType, body, tooLarge);
        write(api.serveBlocking(request, fanOut), Method.HEAD.equals(prologue.method()), res);
    }

    /**
     * The body could not be read: broken framing (a chunk size that is not hex, the client gone
     * mid-body), a body beyond what Helidon reads at all, or the watchdog closed a connection that
     * sent too slowly. Nothing more can be read on this connection, and Helidon's own error path
     * would try to drain it: answer core's transport failure (when the socket is still ours) and close.
     */
    private void failReading(boolean tooLarge, RuntimeException e, ServerResponse res) {
        if (e instanceof CloseConnectionException || ConnectionWatchdog.closedByWatchdog()) {
            throw new CloseConnectionException("request not received completely", e);
        }
        TransportFailure failure = tooLarge ? TransportFailure.BODY_TOO_LARGE : TransportFailure.MALFORMED;
        write(api.transportFailure(failure), false, res);
        throw new CloseConnectionException("request body unreadable", e);
    }

    /** Writes status, content type, core's headers and the body; Helidon adds Content-Length and Date. */
    private static void write(ApiResponse response, boolean head, ServerResponse res) {
        res.status(response.status());
        if (response.contentType() != null) {
            res.header(HeaderNames.CONTENT_TYPE, response.contentType());
        }
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            res.header(header.getKey(), header.getValue());
        }
        if (head) {
            // A HEAD response announces the length of the body it does not carry (RFC 9110, 9.3.2).
            res.headers().contentLength(response.body().length);
            res.send();
        } else {
            res.send(response.body());
        }
    }
}
