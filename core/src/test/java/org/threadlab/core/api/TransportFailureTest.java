package org.threadlab.core.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.threadlab.core.db.LatencyModel;
import org.threadlab.core.db.SimulatedDatabase;

/**
 * What a transport answers when it cannot hand a request to the API, and the request-line rules
 * that core applies itself for the engines that pass such requests on.
 */
class TransportFailureTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SimulatedDatabase database = new SimulatedDatabase(LatencyModel.parse("0ms"), 0,
            Duration.ofSeconds(1), Duration.ZERO, 0, 42, null);
    private final Api api = new Api("blocking", database, 0, null);
    private final ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        fanOut.shutdownNow();
        database.close();
    }

    private static JsonNode json(ApiResponse r) throws IOException {
        return MAPPER.readTree(r.body());
    }

    private JsonNode stats() throws IOException {
        return json(api.serveBlocking(ApiRequest.ofTarget("GET", "/stats", null, null, false), fanOut));
    }

    @ParameterizedTest
    @CsvSource({"MALFORMED,400,malformed-request", "REQUEST_LINE_TOO_LONG,414,uri-too-long",
        "HEADERS_TOO_LARGE,431,header-fields-too-large", "BODY_TOO_LARGE,413,payload-too-large",
        "REQUEST_TIMEOUT,408,request-timeout", "VERSION_NOT_SUPPORTED,505,http-version-not-supported"})
    void eachFailureIsAProblemWithTheModelHeaderThatClosesTheConnection(TransportFailure failure, int status,
                                                                        String slug) throws IOException {
        ApiResponse r = api.transportFailure(failure);
        assertEquals(status, r.status());
        assertEquals(status, failure.status());
        assertEquals(ApiResponse.PROBLEM_JSON, r.contentType());
        assertEquals("blocking", r.headers().get(Api.MODEL_HEADER));
        assertEquals("close", r.headers().get("Connection"));
        JsonNode problem = json(r);
        assertEquals("urn:threadlab:problem:" + slug, problem.path("type").asText());
        assertEquals(failure.problemType(), problem.path("type").asText());
        assertEquals(status, problem.path("status").asInt());
        assertFalse(problem.path("title").asText().isBlank());
        assertFalse(problem.path("detail").asText().isBlank());
        String text = new String(r.body(), StandardCharsets.UTF_8);
        for (String internal : new String[] {"Exception", "java.", "netty", "helidon", "vertx", "at org."}) {
            assertFalse(text.toLowerCase().contains(internal.toLowerCase()), () -> "shows internals: " + text);
        }
    }

    @Test
    void theSameFailureGetsTheSameBytesFromEveryServer() {
        Api other = new Api("reactive", database, 0, null);
        for (TransportFailure failure : TransportFailure.values()) {
            assertArrayEquals(api.transportFailure(failure).body(), other.transportFailure(failure).body());
        }
    }

    @Test
    void theBodyLimitOfTheTransportAndOfTheApiReadTheSame() {
        ApiResponse fromApi = api.serveBlocking(ApiRequest.ofTarget("POST", "/api/orders", "application/json",
                null, true), fanOut);
        ApiResponse fromTransport = api.transportFailure(TransportFailure.BODY_TOO_LARGE);
        assertEquals(413, fromApi.status());
        assertArrayEquals(fromApi.body(), fromTransport.body());
    }

    @ParameterizedTest
    @EnumSource(TransportFailure.class)
    void failuresAreCountedAsServedButNeverAdmitted(TransportFailure failure) throws IOException {
        long before = stats().path("requests").path("served").asLong();
        api.transportFailure(failure);
        JsonNode after = stats();
        // The first /stats counts itself once its answer is built: hence +1.
        assertEquals(before + 2, after.path("requests").path("served").asLong());
        assertEquals(failure.status() >= 500 ? 1 : 0, after.path("requests").path("serverErrors").asLong());
        assertEquals(0, after.path("requests").path("inFlight").asInt());
        assertEquals(0, after.path("requests").path("rejected").asLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "GE(T", "GET ", "G\tT", "GÉT", "GE\u0000T", "a,b", "x/y", "{}"})
    void aMethodThatIsNotATokenIsMalformed(String method) throws IOException {
        ApiResponse r = api.serveBlocking(ApiRequest.ofTarget(method, "/health", null, null, false), fanOut);
        assertEquals(400, r.status());
        assertEquals("urn:threadlab:problem:malformed-request", json(r).path("type").asText());
        assertArrayEquals(TransportFailure.MALFORMED.response().body(), r.body(),
                "the body a transport would have written, so engines that pass it on answer alike");
        assertNull(r.headers().get("Connection"), "the framing was fine: the connection may stay open");
    }

    @ParameterizedTest
    @ValueSource(strings = {"BREW", "get", "M-SEARCH", "X_Y", "A1!#$%&'*+.^_`|~"})
    void anyTokenIsAMethodThatRoutingJudges(String method) {
        assertEquals(405, api.serveBlocking(ApiRequest.ofTarget(method, "/health", null, null, false), fanOut)
                .status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/he\talth", "/he alth", "/health\u0001", "/api/items/\u00ff\u00fe",
        "/api/items/\ufffd", "/api/items?category=b\u00f6oks", "/api/items?x=\u007f", "/api/\u0000"})
    void aTargetWithSpaceControlOrRawNonAsciiIsMalformed(String target) throws IOException {
        ApiResponse r = api.serveBlocking(ApiRequest.ofTarget("GET", target, null, null, false), fanOut);
        assertEquals(400, r.status(), target);
        assertEquals("urn:threadlab:problem:malformed-request", json(r).path("type").asText());
    }

    @ParameterizedTest
    @CsvSource({"/api/items?category=%ff%fe", "/api/items?category=%c3", "/api/items?%e2%82=1",
        "/api/items?category=%ed%a0%80"})
    void percentEscapesThatAreNotUtf8AreABadQuery(String target) throws IOException {
        ApiResponse r = api.serveBlocking(ApiRequest.ofTarget("GET", target, null, null, false), fanOut);
        assertEquals(400, r.status(), target);
        assertEquals("urn:threadlab:problem:bad-request", json(r).path("type").asText());
    }

    @Test
    void percentEncodedUtf8IsDecoded() {
        assertEquals("b\u00f6oks \u20ac", QueryParameters.parse("c=b%C3%B6oks+%E2%82%AC").get("c"));
        assertThrows(IllegalArgumentException.class, () -> QueryParameters.parse("c=%C3%28"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://localhost/health             | /health    | ",
        "HTTP://localhost:8081/api/items?x=1 | /api/items | x=1",
        "https://example.com                 | /          | ",
        "http://example.com?limit=2          | /          | limit=2",
        "http://h/p#frag                     | /p#frag    | ",
        "/health                             | /health    | ",
        "httpx://h/p                         | httpx://h/p | ",
        "*                                   | *          | ",
    })
    void theAbsoluteFormIsReducedToPathAndQuery(String target, String path, String query) {
        ApiRequest r = ApiRequest.ofTarget("GET", target, null, null, false);
        assertEquals(path, r.path());
        assertEquals(query, r.query());
    }

    @Test
    void anAbsoluteFormRequestIsServedLikeItsOriginForm() throws IOException {
        ApiResponse r = api.serveBlocking(ApiRequest.ofTarget("GET", "http://127.0.0.1:1/health", null, null, false),
                fanOut);
        assertEquals(200, r.status());
        assertTrue(json(r).path("status").asText().equals("UP"));
    }
}
