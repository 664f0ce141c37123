package org.threadlab.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.TransportFailure;
import org.threadlab.core.db.SimulatedDatabase;
import org.threadlab.core.engine.Model;
import org.threadlab.core.engine.Responder;
import org.threadlab.core.options.ServerOptions;

/**
 * The connection pipeline on an {@link EmbeddedChannel}, with a worker pool the test drives by
 * hand, so that the order of events is the test's choice.
 */
class ApiHandlerTest {
    private SimulatedDatabase database;
    private Api api;
    private ExecutorService fanOut;
    private final ArrayDeque<Runnable> submitted = new ArrayDeque<>();
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        database = SimulatedDatabase.create(ServerOptions.parse("blocking", "--db-latency", "0ms"));
        api = new Api("blocking", database, 0, null);
        fanOut = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        fanOut.shutdownNow();
        database.close();
    }

    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final Duration READ = Duration.ofSeconds(10);

    private MockTicker ticker;

    private EmbeddedChannel open(Executor workers) {
        ConnectionTimeouts timeouts = new ConnectionTimeouts(api, IDLE, READ);
        // The event loop runs on a mock clock from the start: the connection's clock starts at channelActive,
        // and real time passing in between (a slow machine) would otherwise count as idle time.
        ticker = Ticker.newMockTicker();
        channel = EmbeddedChannel.builder().ticker(ticker).handlers(timeouts, new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(256).setMaxHeaderSize(512)), new BoundedRequestAggregator(),
                new ApiHandler(new PooledModel(api, workers, fanOut), timeouts)).build();
        return channel;
    }

    /**
     * The blocking model's scheduling over an executor the test drives: monitoring answered where it
     * arrives, everything else on {@code workers}, a refusal answered 503.
     */
    private record PooledModel(Api api, Executor workers, ExecutorService fanOut) implements Model {
        @Override
        public void serve(org.threadlab.core.api.ApiRequest request, Responder responder) {
            if (Api.isMonitoring(request)) {
                responder.respond(api.serveBlocking(request, fanOut));
                return;
            }
            try {
                workers.execute(() -> responder.respond(api.serveBlocking(request, fanOut)));
            } catch (RejectedExecutionException e) {
                responder.respond(api.reject());
            }
        }

        @Override
        public boolean drain(Duration grace) {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private EmbeddedChannel open() {
        return open(submitted::add);
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private void runNextWorkerTask() {
        Runnable task = submitted.poll();
        assertTrue(task != null, "a request should be on the worker pool");
        task.run();
        channel.runPendingTasks();
    }

    /** Decodes (and releases) everything written so far. */
    private List<Response> responses() {
        EmbeddedChannel decoder = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            decoder.writeInbound(out);
        }
        List<Response> responses = new ArrayList<>();
        FullHttpResponse r;
        while ((r = decoder.readInbound()) != null) {
            try {
                responses.add(new Response(r.status().code(), r.headers().get("Content-Type"),
                        r.headers().get("Connection"), r.headers().get("Retry-After"),
                        r.headers().get(Api.MODEL_HEADER), r.headers().getInt("Content-Length", -1),
                        r.content().toString(StandardCharsets.UTF_8)));
            } finally {
                r.release();
            }
        }
        decoder.finishAndReleaseAll();
        return responses;
    }

    private static String get(String target, String... extraHeaders) {
        return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + String.join("", extraHeaders) + "\r\n";
    }

    private static String post(int bodyLength, String... extraHeaders) {
        return "POST /api/orders HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: "
                + bodyLength + "\r\n" + String.join("", extraHeaders) + "\r\n";
    }

    @Test
    void answersOnTheWorkerPoolNotOnTheEventLoop() {
        open();
        send(get("/api/items/1"));
        assertTrue(channel.outboundMessages().isEmpty(), "nothing may be answered before a worker runs");
        runNextWorkerTask();
        List<Response> responses = responses();
        assertEquals(1, responses.size());
        Response r = responses.get(0);
        assertEquals(200, r.status());
        assertEquals("application/json", r.contentType());
        assertEquals("blocking", r.model());
        assertEquals(r.body().getBytes(StandardCharsets.UTF_8).length, r.contentLength());
        assertNull(r.connection());
        assertTrue(channel.isOpen());
        assertTrue(channel.config().isAutoRead(), "reading resumes once the response is written");
    }

    @Test
    void pipelinedRequestsAreServedOneAtATimeInOrder() {
        open();
        send(get("/api/items/1") + get("/health") + get("/api/items/2"));
        assertEquals(1, submitted.size(), "only the first request may be on the pool");
        assertFalse(channel.config().isAutoRead(), "no reading while a request is served");
        assertTrue(channel.outboundMessages().isEmpty(),
                "/health is answered on the event loop, but only when its turn comes, not ahead of the first");

        runNextWorkerTask();
        List<Response> responses = new ArrayList<>(responses());
        assertEquals(2, responses.size(), "the first, then /health at once, with no worker: " + responses);
        assertEquals(1, submitted.size(), "the third goes to the pool once /health is written");
        assertFalse(channel.config().isAutoRead(), "no reading while the third is served");
        runNextWorkerTask();
        assertTrue(submitted.isEmpty());

        responses.addAll(responses());
        assertEquals(3, responses.size());
        assertTrue(responses.get(0).body().contains("\"id\":1"), responses.get(0).body());
        assertEquals("{\"status\":\"UP\"}", responses.get(1).body());
        assertTrue(responses.get(2).body().contains("\"id\":2"), responses.get(2).body());
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void monitoringRoutesAreAnsweredOnTheEventLoopWithoutAWorker() {
        // Another connection's request holds the pool: its worker task is never run here.
        EmbeddedChannel busy = open();
        send(get("/api/items/1"));
        assertEquals(1, submitted.size());
        try {
            open();
            send(get("/health"));
            Response health = answeredAtOnce();
            assertEquals(200, health.status());
            assertEquals("{\"status\":\"UP\"}", health.body());
            assertEquals("blocking", health.model());

            send(get("/stats"));
            Response stats = answeredAtOnce();
            assertEquals(200, stats.status(), stats.body());
            assertEquals("application/json", stats.contentType());
            assertTrue(stats.body().contains("\"model\":\"blocking\""), stats.body());

            send("POST /health HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n");
            assertEquals(405, answeredAtOnce().status(), "a wrong method is still core's 405, also inline");

            assertEquals(1, submitted.size(), "no monitoring request may go to the pool");
            assertTrue(channel.isOpen());
            assertTrue(channel.config().isAutoRead(), "reading resumes once the answer is written");

            send(get("/health", "Connection: close\r\n"));
            assertEquals("close", answeredAtOnce().connection());
            assertFalse(channel.isOpen());
        } finally {
            busy.finishAndReleaseAll();
        }
    }

    /** The one response written so far, with no worker task run. */
    private Response answeredAtOnce() {
        List<Response> responses = responses();
        assertEquals(1, responses.size(), "answered on the event loop, with no worker: " + responses);
        return responses.get(0);
    }

    @Test
    void monitoringRoutesAreAnsweredWhileTheFullPoolRefusesTheRest() {
        open(task -> {
            throw new RejectedExecutionException("full");
        });
        send(get("/health") + get("/api/items/1") + get("/stats"));
        List<Response> responses = responses();
        assertEquals(3, responses.size());
        assertEquals(200, responses.get(0).status());
        assertEquals(503, responses.get(1).status(), "the full pool refuses the API request");
        assertEquals(200, responses.get(2).status(), responses.get(2).body());
        assertTrue(responses.get(2).body().contains("\"rejected\":1"), responses.get(2).body());
        assertTrue(channel.isOpen());
    }

    @Test
    void oversizedBodyReachesTheCoreWhichAnswers413() {
        open();
        send(post(Api.MAX_BODY_BYTES + 1));
        // The body arrives in pieces, as it would from the socket.
        byte[] piece = new byte[8192];
        java.util.Arrays.fill(piece, (byte) 'a');
        int left = Api.MAX_BODY_BYTES + 1;
        while (left > 0) {
            int n = Math.min(left, piece.length);
            channel.writeInbound(Unpooled.wrappedBuffer(piece, 0, n));
            left -= n;
        }
        runNextWorkerTask();
        List<Response> responses = responses();
        assertEquals(1, responses.size());
        assertEquals(413, responses.get(0).status());
        assertEquals("application/problem+json", responses.get(0).contentType());
        assertEquals("blocking", responses.get(0).model());
        assertTrue(channel.isOpen(), "the body was read to its end, so the connection can go on");

        send(get("/api/items/1"));
        runNextWorkerTask();
        assertEquals(200, responses().get(0).status());
    }

    @Test
    void endlessBodyIsAnsweredOnceTheSwallowLimitIsPassedThenClosed() {
        open();
        send(post(Integer.MAX_VALUE));
        byte[] piece = new byte[64 * 1024];
        for (long sent = 0; sent <= BoundedRequestAggregator.SWALLOW_LIMIT; sent += piece.length) {
            assertTrue(submitted.isEmpty(), "answered before the swallow limit, after " + sent + " bytes");
            channel.writeInbound(Unpooled.wrappedBuffer(piece));
        }
        runNextWorkerTask();
        List<Response> responses = responses();
        assertEquals(413, responses.get(0).status());
        assertEquals("close", responses.get(0).connection());
        assertFalse(channel.isOpen());
    }

    @Test
    void oversizedChunkedBodyWithoutLengthIs413() {
        open();
        StringBuilder request = new StringBuilder(
                "POST /api/orders HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n");
        String chunk = "a".repeat(4096);
        for (int sent = 0; sent <= Api.MAX_BODY_BYTES; sent += chunk.length()) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        request.append("0\r\n\r\n");
        send(request.toString());
        runNextWorkerTask();
        assertEquals(413, responses().get(0).status());
    }

    @Test
    void bodyOfExactlyTheLimitIsPassedOn() {
        open();
        send(post(Api.MAX_BODY_BYTES) + "x".repeat(Api.MAX_BODY_BYTES));
        runNextWorkerTask();
        Response r = responses().get(0);
        assertNotEquals(413, r.status(), r.body());
        assertEquals(400, r.status(), "the core should see the (malformed) JSON body: " + r.body());
    }

    @Test
    void oversizedBodyAnnouncedWithExpectContinueIsAnsweredAtOnceAndClosed() {
        open();
        send(post(10 * Api.MAX_BODY_BYTES, "Expect: 100-continue\r\n"));
        runNextWorkerTask();
        List<Response> responses = responses();
        assertEquals(1, responses.size(), "no 100 Continue for a body that will be refused");
        assertEquals(413, responses.get(0).status());
        assertEquals("close", responses.get(0).connection());
        assertFalse(channel.isOpen());
    }

    @Test
    void acceptableBodyAnnouncedWithExpectContinueGets100Continue() {
        open();
        send(post(2, "Expect: 100-continue\r\n"));
        assertEquals(100, responses().get(0).status());
        send("{}");
        runNextWorkerTask();
        assertEquals(422, responses().get(0).status());
    }

    @Test
    void fullPoolIsAnswered503ByTheCore() {
        open(task -> {
            throw new RejectedExecutionException("full");
        });
        send(get("/api/items/1"));
        List<Response> responses = responses();
        assertEquals(1, responses.size());
        Response r = responses.get(0);
        assertEquals(503, r.status());
        assertEquals("application/problem+json", r.contentType());
        assertEquals("1", r.retryAfter());
        assertEquals("blocking", r.model());
        assertTrue(channel.isOpen());
    }

    @Test
    void connectionCloseIsHonoured() {
        open();
        send(get("/api/items/1", "Connection: close\r\n") + get("/api/items/2"));
        runNextWorkerTask();
        List<Response> responses = responses();
        assertEquals(1, responses.size(), "nothing is served after Connection: close");
        assertEquals("close", responses.get(0).connection());
        assertFalse(channel.isOpen());
        assertTrue(submitted.isEmpty());
    }

    @Test
    void http10KeepAliveIsConfirmed() {
        open();
        send("GET /api/items/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        runNextWorkerTask();
        assertEquals("keep-alive", responses().get(0).connection());
        assertTrue(channel.isOpen());

        send("GET /api/items/1 HTTP/1.0\r\n\r\n");
        runNextWorkerTask();
        assertEquals("close", responses().get(0).connection());
        assertFalse(channel.isOpen());
    }

    @Test
    void malformedRequestIsAnswered400AndClosedWithoutTheApi() {
        open();
        send("GET /api/items/1 HTTP/1.1\r\nHost: test\r\nContent-Length: nope\r\n\r\n");
        assertTrue(submitted.isEmpty());
        assertTransportFailure(TransportFailure.MALFORMED);
    }

    @Test
    void requestLineOverTheLimitIsCoresUriTooLong() {
        open();
        send(get("/api/items?category=" + "a".repeat(300)));
        assertTrue(submitted.isEmpty());
        assertTransportFailure(TransportFailure.REQUEST_LINE_TOO_LONG);
    }

    @Test
    void headersOverTheLimitAreCoresHeaderFieldsTooLarge() {
        open();
        send(get("/api/items/1", "X-Big: " + "b".repeat(600) + "\r\n"));
        assertTrue(submitted.isEmpty());
        assertTransportFailure(TransportFailure.HEADERS_TOO_LARGE);
    }

    @Test
    void versionOtherThanOneDotZeroOrOneIsCoresVersionNotSupported() {
        open();
        send("GET /api/items/1 HTTP/9.9\r\nHost: test\r\n\r\n" + get("/api/items/2"));
        assertTrue(submitted.isEmpty());
        assertTransportFailure(TransportFailure.VERSION_NOT_SUPPORTED);
    }

    @Test
    void badChunkSizeIsCoresMalformedRequest() {
        open();
        send("POST /api/orders HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        assertTrue(submitted.isEmpty());
        assertTransportFailure(TransportFailure.MALFORMED);
    }

    /** Core's body for {@code failure}, byte for byte, and the connection closed after it. */
    private void assertTransportFailure(TransportFailure failure) {
        List<Response> responses = responses();
        assertEquals(1, responses.size(), "one answer, nothing after it");
        Response r = responses.get(0);
        assertEquals(failure.status(), r.status());
        assertEquals(new String(api.transportFailure(failure).body(), StandardCharsets.UTF_8), r.body());
        assertEquals("application/problem+json", r.contentType());
        assertEquals("blocking", r.model());
        assertEquals("close", r.connection());
        assertFalse(channel.isOpen());
    }

    @Test
    void silentConnectionIsClosedAfterTheIdleTimeout() {
        open();
        ticker.advance(IDLE.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        ticker.advance(2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
        assertTrue(responses().isEmpty(), "an idle connection is closed without an answer");
    }

    @Test
    void keptAliveConnectionIsClosedAnIdleTimeoutAfterItsLastResponse() {
        open();
        ticker.advance(IDLE.toMillis() - 1000, TimeUnit.MILLISECONDS);
        send(get("/api/items/1"));
        runNextWorkerTask();
        assertEquals(200, responses().get(0).status());
        ticker.advance(IDLE.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen(), "the idle time counts from the last response");
        ticker.advance(2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void requestTricklingInIsCutAtTheReadTimeoutFromItsFirstByteWith408() {
        open();
        String request = get("/api/items/1", "X-Pad: " + "p".repeat(100) + "\r\n");
        int sent = 0;
        for (long ms = 0; ms < READ.toMillis() - 100; ms += 100) {
            send(request.substring(sent, sent + 1));
            sent++;
            ticker.advance(100, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            assertTrue(channel.isOpen(), "cut after " + ms + " ms");
        }
        ticker.advance(200, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(submitted.isEmpty());
        assertTransportFailure(TransportFailure.REQUEST_TIMEOUT);
    }

    @Test
    void requestWaitingForTheDatabaseIsNeverCut() {
        open();
        send(get("/api/items/1"));
        ticker.advance(IDLE.plus(READ).toMillis() * 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen(), "no timer runs while a request is served");
        runNextWorkerTask();
        assertEquals(200, responses().get(0).status());
        assertTrue(channel.isOpen());
    }

    @Test
    void queryStringReachesTheCoreRaw() {
        open();
        send(get("/api/items?limit=2&category=toys"));
        runNextWorkerTask();
        Response r = responses().get(0);
        assertEquals(200, r.status(), r.body());
        send(get("/api/items?limit=%ZZ"));
        runNextWorkerTask();
        assertEquals(400, responses().get(0).status());
    }

    record Response(int status, String contentType, String connection, String retryAfter, String model,
                    int contentLength, String body) {
    }
}
