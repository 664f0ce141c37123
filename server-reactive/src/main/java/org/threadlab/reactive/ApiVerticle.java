package org.threadlab.reactive;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.ApiRequest;
import org.threadlab.core.api.ApiResponse;
import org.threadlab.core.api.Exchange;
import org.threadlab.core.db.Query;

/**
 * One HTTP server on one event loop; every instance listens on the same port, and Vert.x spreads
 * the connections over them. Its one handler feeds each request to the core {@link Api} and
 * waits for the database with futures, never with the thread.
 */
final class ApiVerticle extends VerticleBase {
    /** How long undeploying waits for requests in flight before closing their connections. */
    static final long SHUTDOWN_GRACE_MILLIS = 10_000;

    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence CONTENT_LENGTH = HttpHeaders.createOptimized("Content-Length");
    private static final Map<String, CharSequence> ASCII = new ConcurrentHashMap<>();

    private final Api api;
    private final String host;
    private final int port;
    private HttpServer server;

    /**
     * @param port the port to listen on; a negative one makes every instance share one free port
     */
    ApiVerticle(Api api, String host, int port) {
        this.api = api;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions()
                        .setHost(host)
                        .setPort(port)
                        // As the Netty aggregator and Helidon do, so that curl does not pause on large bodies.
                        .setHandle100ContinueAutomatically(true))
                .requestHandler(this::handle);
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        return server.shutdown(SHUTDOWN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The port this instance's server is bound to; the same for every instance. */
    int actualPort() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        BoundedBody body = new BoundedBody();
        request.handler(body);
        request.endHandler(v -> serve(request, body));
    }

    private void serve(HttpServerRequest request, BoundedBody body) {
        ApiRequest apiRequest = ApiRequest.ofTarget(request.method().name(), request.uri(),
                request.getHeader(HttpHeaders.CONTENT_TYPE), body.bytes(), body.tooLarge());
        Exchange exchange = api.open(apiRequest);
        if (exchange.isAnswered()) {
            write(request.response(), api.close(exchange, exchange.answer()));
            return;
        }
        Future<List<Object>> results;
        try {
            results = queryAll(exchange.queries());
        } catch (RuntimeException e) {
            results = Future.failedFuture(e);
        }
        results.onComplete(done -> {
            ApiResponse response;
            if (done.succeeded()) {
                try {
                    response = exchange.compose(done.result());
                } catch (RuntimeException e) {
                    response = api.failure(e);
                }
            } else {
                response = api.failure(done.cause());
            }
            write(request.response(), api.close(exchange, response));
        });
    }

    /** Issues every query at once; the results come back on this verticle's event loop, in order. */
    private Future<List<Object>> queryAll(List<Query<?>> queries) {
        if (queries.size() == 1) {
            // Nothing to join: spare the composite on the busiest path.
            return query(queries.get(0)).map(result -> Collections.<Object>singletonList(result));
        }
        List<Future<?>> pending = new ArrayList<>(queries.size());
        for (Query<?> query : queries) {
            pending.add(query(query));
        }
        return Future.all(pending).map(CompositeFuture::list);
    }

    private <T> Future<T> query(Query<T> query) {
        return Future.fromCompletionStage(api.database().queryAsync(query), context);
    }

    private static void write(HttpServerResponse response, ApiResponse out) {
        response.setStatusCode(out.status());
        MultiMap headers = response.headers();
        if (out.contentType() != null) {
            headers.set(CONTENT_TYPE, ascii(out.contentType()));
        }
        out.headers().forEach((name, value) ->
                headers.set(ascii(name), name.equals(Api.MODEL_HEADER) ? ascii(value) : value));
        headers.set(CONTENT_LENGTH, Integer.toString(out.body().length));
        // A failed write means the client has gone; the exchange is already closed.
        response.end(Buffer.buffer(out.body()));
    }

    /**
     * The ASCII form of a header name or of a value that recurs on every response (content types,
     * the model): Vert.x checks and encodes it byte by byte rather than char by char. The core
     * uses a handful of such texts, so the cache stays small.
     */
    private static CharSequence ascii(String text) {
        return ASCII.computeIfAbsent(text, HttpHeaders::createOptimized);
    }

    /**
     * Collects a request body up to {@link Api#MAX_BODY_BYTES}; past that it drops what it holds
     * and what still comes, so that the connection stays usable without buffering the excess.
     */
    private static final class BoundedBody implements Handler<Buffer> {
        private static final byte[] EMPTY = new byte[0];
        private Buffer data;
        private boolean tooLarge;

        @Override
        public void handle(Buffer chunk) {
            if (tooLarge) {
                return;
            }
            int size = data == null ? 0 : data.length();
            if (size + chunk.length() > Api.MAX_BODY_BYTES) {
                tooLarge = true;
                data = null;
                return;
            }
            if (data == null) {
                data = Buffer.buffer(chunk.length());
            }
            data.appendBuffer(chunk);
        }

        byte[] bytes() {
            return data == null ? EMPTY : data.getBytes();
        }

        boolean tooLarge() {
            return tooLarge;
        }
    }
}
