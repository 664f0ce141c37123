package org.threadlab.vertx;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.ApiRequest;
import org.threadlab.core.api.ApiResponse;
import org.threadlab.core.api.TransportFailure;
import org.threadlab.core.engine.Model;
import org.threadlab.core.engine.Responder;
import org.threadlab.core.options.ServerOptions;

/**
 * One HTTP server on one event loop; every instance listens on the same port, and Vert.x spreads
 * the connections over them. Its one handler hands each whole request to the {@link Model}, which
 * runs it where its model says (right here with futures, a pool thread, a virtual thread); the
 * answer is written on this verticle's event loop, wherever it came from.
 */
final class ApiVerticle extends VerticleBase {
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence CONTENT_LENGTH = HttpHeaders.createOptimized("Content-Length");
    private static final Map<String, CharSequence> ASCII = new ConcurrentHashMap<>();

    private final Model model;
    private final Api api;
    private final ServerOptions options;
    private final int port;
    private HttpServer server;
    private volatile Thread eventLoop;

    /**
     * @param port the port to listen on; a negative one makes every instance share one free port
     */
    ApiVerticle(Model model, ServerOptions options, int port) {
        this.model = model;
        this.api = model.api();
        this.options = options;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        eventLoop = Thread.currentThread();
        server = vertx.createHttpServer(new HttpServerOptions()
                        .setHost(options.host())
                        .setPort(port)
                        .setMaxInitialLineLength(options.maxRequestLine())
                        .setMaxHeaderSize(options.maxHeaderSize())
                        // HTTP/1.1 only, as the other two servers: no Upgrade: h2c, no prior-knowledge preface.
                        .setHttp2ClearTextEnabled(false)
                        // As the Netty aggregator and Helidon do, so that curl does not pause on large bodies.
                        .setHandle100ContinueAutomatically(true)
                        .setAcceptBacklog(ServerOptions.ACCEPT_BACKLOG))
                // No Vert.x idle timeout (setIdleTimeout): it also fires while a request waits for the
                // database. Each connection's ConnectionWatch times idle connections and slow requests.
                .connectionHandler(this::connected)
                .invalidRequestHandler(this::invalid)
                // Replaced on every connection by connected(); reaching it means Vert.x changed under us.
                .requestHandler(request -> request.connection().close());
        return server.listen();
    }

    /** Lets requests in flight finish up to {@code --shutdown-timeout}, then closes their connections. */
    @Override
    public Future<?> stop() {
        return server.shutdown(options.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The port this instance's server is bound to; the same for every instance. */
    int actualPort() {
        return server.actualPort();
    }

    /** The event loop this instance runs on (start runs there). */
    Thread eventLoop() {
        return eventLoop;
    }

    /**
     * A new connection: its {@link ConnectionWatch} goes first in the Netty pipeline, and its
     * requests go to a handler that knows the watch.
     *
     * <p>This is the one place that leaves Vert.x's public API: {@code io.vertx.core.http.impl.
     * HttpServerConnection} (the interface every HTTP/1.x server connection implements, stable
     * through 5.0.x) for its channel pipeline and its per-connection request handler. Nothing
     * public sees the first byte of a request's head, which {@code --read-timeout} counts from; and
     * setting the handler here also skips Vert.x's wrapper that answers an unknown HTTP version
     * with a bare 501, so that core answers it (505).
     */
    private void connected(HttpConnection connection) {
        if (!(connection instanceof HttpServerConnection internal)) {
            // Not an HTTP/1.x connection as Vert.x 5.0 makes them: the limits could not hold.
            connection.close();
            return;
        }
        ConnectionWatch watch = new ConnectionWatch(options.idleTimeout(), options.readTimeout(), this::timedOut);
        internal.channelHandlerContext().pipeline().addFirst(ConnectionWatch.NAME, watch);
        internal.handler(request -> handle(request, watch));
    }

    /** What Vert.x's decoder rejected: core's 414, 431 or 400; Vert.x closes the connection after it. */
    private void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        TransportFailure failure = cause instanceof TooLongHttpLineException ? TransportFailure.REQUEST_LINE_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? TransportFailure.HEADERS_TOO_LARGE
                : TransportFailure.MALFORMED;
        fail(request, failure);
    }

    /** The body of a request did not arrive within {@code --read-timeout} of its first byte. */
    private void timedOut(HttpServerRequest request) {
        fail(request, TransportFailure.REQUEST_TIMEOUT);
    }

    /** Core's answer for a request the transport cannot hand over, then the connection is closed. */
    private void fail(HttpServerRequest request, TransportFailure failure) {
        HttpServerResponse response = request.response();
        if (response.headWritten()) {
            request.connection().close();
            return;
        }
        write(response, api.transportFailure(failure)).onComplete(done -> request.connection().close());
    }

    private void handle(HttpServerRequest request, ConnectionWatch watch) {
        if (request.version() == null) {
            // Neither HTTP/1.0 nor HTTP/1.1 (HTTP/9.9, FOO/1.1, PRI * HTTP/2.0).
            fail(request, TransportFailure.VERSION_NOT_SUPPORTED);
            return;
        }
        watch.requestStarted(request);
        BoundedBody body = new BoundedBody();
        request.handler(body);
        // A broken body (a bad chunk size): Vert.x closes the connection, nothing to answer.
        request.exceptionHandler(ignored -> { });
        request.endHandler(v -> {
            watch.requestReceived();
            serve(request, body, watch);
        });
    }

    private void serve(HttpServerRequest request, BoundedBody body, ConnectionWatch watch) {
        ApiRequest apiRequest = ApiRequest.ofTarget(request.method().name(), request.uri(),
                request.getHeader(HttpHeaders.CONTENT_TYPE), body.bytes(), body.tooLarge());
        model.serve(apiRequest, new Responder() {
            @Override
            public void respond(ApiResponse response) {
                onEventLoop(() -> {
                    write(request.response(), response);
                    watch.responded();
                });
            }

            @Override
            public void fail(Throwable error) {
                onEventLoop(() -> request.connection().close());
            }
        });
    }

    /**
     * Runs on this verticle's event loop: at once when already there (the non-blocking model), else
     * queued to its context (an answer from a pool or virtual thread).
     */
    private void onEventLoop(Runnable task) {
        if (Thread.currentThread() == eventLoop) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    private static Future<Void> write(HttpServerResponse response, ApiResponse out) {
        response.setStatusCode(out.status());
        MultiMap headers = response.headers();
        if (out.contentType() != null) {
            headers.set(CONTENT_TYPE, ascii(out.contentType()));
        }
        out.headers().forEach((name, value) ->
                headers.set(ascii(name), name.equals(Api.MODEL_HEADER) ? ascii(value) : value));
        headers.set(CONTENT_LENGTH, Integer.toString(out.body().length));
        // A failed write means the client has gone; the exchange is already closed.
        return response.end(Buffer.buffer(out.body()));
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
