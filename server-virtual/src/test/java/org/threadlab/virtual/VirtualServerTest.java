package org.threadlab.virtual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.reliability.RawHttp;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.ApiRequest;
import org.threadlab.core.api.ApiResponse;
import org.threadlab.core.api.TransportFailure;
import org.threadlab.core.db.SimulatedDatabase;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;

/**
 * The transport is transparent: over a real socket, every request gets exactly the status,
 * headers and body that core gives for it, and Helidon adds no behaviour (404/405/HEAD/OPTIONS,
 * error pages, body limits) of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VirtualServerTest {
    /** Headers the engine may add on top of core's: framing and the date only. */
    private static final Set<String> ENGINE_HEADERS = Set.of("date", "content-length");
    private static final byte[] ORDER = "{\"itemId\":7,\"quantity\":2,\"customerId\":5}".getBytes(StandardCharsets.UTF_8);

    private final ServerOptions options = ServerOptions.parse("virtual", "--port", "0", "--db-latency", "0ms");
    private RunningServer server;
    private SimulatedDatabase referenceDatabase;
    private Api reference;
    private ExecutorService referenceFanOut;

    @BeforeAll
    void start() throws Exception {
        server = VirtualServer.start(options);
        // Core on its own, over an identical database: what the server must answer, byte for byte.
        referenceDatabase = SimulatedDatabase.create(options);
        reference = new Api("virtual", referenceDatabase, 0, null);
        referenceFanOut = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterAll
    void stop() {
        server.close();
        referenceFanOut.close();
        referenceDatabase.close();
    }

    @Test
    void everyRequestGetsExactlyCoresAnswer() throws Exception {
        List<String[]> requests = List.of(
                new String[] {"GET", "/health", null, null},
                new String[] {"GET", "/health?verbose=1", null, null},
                new String[] {"GET", "/api/items/1", null, null},
                new String[] {"GET", "/api/items?limit=3&offset=2", null, null},
                new String[] {"GET", "/api/items?limit=%zz", null, null},
                new String[] {"GET", "/api/items?category=a%20b&limit=2", null, null},
                new String[] {"GET", "/api/items/%31", null, null},
                new String[] {"GET", "/api/items/<1>", null, null},
                new String[] {"GET", "/api/./items/1", null, null},
                new String[] {"GET", "//api/items/1", null, null},
                new String[] {"GET", "/api/items/1;v=2", null, null},
                new String[] {"GET", "/api/customers/4/dashboard", null, null},
                new String[] {"GET", "/api/cpu?rounds=10", null, null},
                new String[] {"GET", "/nope", null, null},
                new String[] {"DELETE", "/api/items/1", null, null},
                new String[] {"OPTIONS", "/api/items", null, null},
                new String[] {"BREW", "/api/items/1", null, null},
                new String[] {"POST", "/api/orders", "application/json", new String(ORDER, StandardCharsets.UTF_8)},
                new String[] {"GET", "/api/orders/10001", null, null},
                new String[] {"POST", "/api/orders", "text/plain", "hello"},
                new String[] {"POST", "/api/orders", "application/json", "{not json"},
                new String[] {"POST", "/api/orders", "application/json", ""},
                new String[] {"POST", "/api/orders", null, null});
        try (RawHttp.Connection http = new RawHttp.Connection(server.port())) {
            for (String[] r : requests) {
                byte[] body = r[3] == null ? null : r[3].getBytes(StandardCharsets.UTF_8);
                RawHttp.Response actual = http.exchange(RawHttp.request(r[0], r[1], r[2], body));
                ApiResponse expected = reference.serveBlocking(
                        ApiRequest.ofTarget(r[0], r[1], r[2], body, false), referenceFanOut);
                assertSameAsCore(expected, actual, r[0] + " " + r[1]);
            }
        }
    }

    @Test
    void headGetsCoresHeadersAndNoBody() throws Exception {
        try (RawHttp.Connection http = new RawHttp.Connection(server.port())) {
            http.send(RawHttp.request("HEAD", "/health", null, null));
            RawHttp.Response head = http.read(true);
            ApiResponse expected = reference.serveBlocking(
                    ApiRequest.ofTarget("HEAD", "/health", null, null, false), referenceFanOut);
            assertEquals(expected.status(), head.status(), "status of HEAD /health");
            assertEquals(String.valueOf(expected.body().length), head.header("Content-Length"),
                    "a HEAD response announces the length of the body it leaves out");
            // Nothing but the next response may follow on the connection: the body was not sent.
            RawHttp.Response next = http.exchange(RawHttp.request("GET", "/health", null, null));
            assertEquals(200, next.status(), "the connection is intact after HEAD");
        }
    }

    @Test
    void bodyBeyondTheLimitGetsCores413AndTheConnectionStaysUsable() throws Exception {
        byte[] large = json(Api.MAX_BODY_BYTES + 1);
        ApiResponse expected = reference.serveBlocking(
                ApiRequest.ofTarget("POST", "/api/orders", "application/json", null, true), referenceFanOut);
        assertEquals(413, expected.status());
        try (RawHttp.Connection http = new RawHttp.Connection(server.port())) {
            assertSameAsCore(expected, http.exchange(RawHttp.request("POST", "/api/orders", "application/json", large)),
                    "Content-Length one byte past the limit");
            assertSameAsCore(expected, http.exchange(RawHttp.chunked("POST", "/api/orders", "application/json", large)),
                    "chunked body one byte past the limit");
            assertEquals(200, http.exchange(RawHttp.request("GET", "/health", null, null)).status(),
                    "the unread rest of the body was drained, not taken for the next request");
        }
        byte[] atLimit = json(Api.MAX_BODY_BYTES);
        try (RawHttp.Connection http = new RawHttp.Connection(server.port())) {
            RawHttp.Response r = http.exchange(RawHttp.request("POST", "/api/orders", "application/json", atLimit));
            assertEquals(422, r.status(), () -> "a body of exactly the limit is read and judged by core: " + r.bodyText());
        }
    }

    @Test
    void bodyBeyondWhatHelidonDrainsStillGetsCores413() throws Exception {
        ApiResponse expected = reference.serveBlocking(
                ApiRequest.ofTarget("POST", "/api/orders", "application/json", null, true), referenceFanOut);
        byte[] head = ("POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (VirtualServer.MAX_DRAINED_BODY_BYTES + 1) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (RawHttp.Connection http = new RawHttp.Connection(server.port())) {
            // Helidon answers from the headers alone; the body is never sent.
            RawHttp.Response r = http.exchange(head);
            assertEquals(expected.status(), r.status());
            assertArrayEquals(expected.body(), r.body(), () -> "core's 413 body, got " + r.bodyText());
            assertEquals(expected.contentType(), r.header("Content-Type"));
        }
    }

    @Test
    void brokenChunkFramingGetsCoresMalformedAnswerAndTheConnectionClosed() throws Exception {
        byte[] broken = ("POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try (RawHttp.Connection http = new RawHttp.Connection(server.port())) {
            assertSameAsCore(reference.transportFailure(TransportFailure.MALFORMED), http.exchange(broken),
                    "a chunk size that is not hex");
            assertTrue(http.closedByServer(), "the server closes a connection whose framing it lost");
        }
    }

    @Test
    void requestsHelidonRefusesGetCoresTransportFailures() throws Exception {
        Map<String, TransportFailure> refused = new LinkedHashMap<>();
        refused.put("NOT-HTTP\r\n\r\n", TransportFailure.MALFORMED);
        refused.put("GE(T /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", TransportFailure.MALFORMED);
        refused.put("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x\r\n\r\n", TransportFailure.MALFORMED);
        refused.put("GET /" + "a".repeat(options.maxRequestLine()) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                TransportFailure.REQUEST_LINE_TOO_LONG);
        refused.put("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(options.maxHeaderSize())
                + "\r\n\r\n", TransportFailure.HEADERS_TOO_LARGE);
        refused.put("GET /health HTTP/1.0\r\n\r\n", TransportFailure.VERSION_NOT_SUPPORTED);
        for (Map.Entry<String, TransportFailure> r : refused.entrySet()) {
            try (RawHttp.Connection http = new RawHttp.Connection(server.port())) {
                assertSameAsCore(reference.transportFailure(r.getValue()),
                        http.exchange(r.getKey().getBytes(StandardCharsets.ISO_8859_1)), r.getValue().toString());
                assertTrue(http.closedByServer(), () -> r.getValue() + ": the connection is closed after the answer");
            }
        }
    }

    @Test
    void aPortInUseFailsTheStartInsteadOfReportingAPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerOptions busy = ServerOptions.parse("virtual", "--port", Integer.toString(taken.getLocalPort()));
            assertThrows(IllegalStateException.class, () -> VirtualServer.start(busy).close());
        }
    }

    private static void assertSameAsCore(ApiResponse expected, RawHttp.Response actual, String what) {
        assertEquals(expected.status(), actual.status(), () -> what + ": status; body " + actual.bodyText());
        assertArrayEquals(expected.body(), actual.body(),
                () -> what + ": body\n expected " + new String(expected.body(), StandardCharsets.UTF_8)
                        + "\n actual   " + actual.bodyText());
        Map<String, String> headers = new HashMap<>();
        expected.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        headers.put("content-type", expected.contentType());
        Map<String, String> sent = new HashMap<>(actual.headers());
        sent.keySet().removeAll(ENGINE_HEADERS);
        assertEquals(headers, sent, () -> what + ": headers other than Date and Content-Length");
        assertEquals(String.valueOf(expected.body().length), actual.header("Content-Length"), what + ": Content-Length");
    }

    /** A JSON object of exactly {@code size} bytes. */
    private static byte[] json(int size) {
        String open = "{\"pad\":\"";
        String close = "\"}";
        return (open + "x".repeat(size - open.length() - close.length()) + close).getBytes(StandardCharsets.UTF_8);
    }
}
