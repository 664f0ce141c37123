package org.threadlab.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.threadlab.core.db.DataSet;
import org.threadlab.core.db.DatabaseException;
import org.threadlab.core.db.Item;
import org.threadlab.core.db.LatencyModel;
import org.threadlab.core.db.Order;
import org.threadlab.core.db.Queries;
import org.threadlab.core.db.Query;
import org.threadlab.core.db.SimulatedDatabase;

/** The API without any transport: open, run the queries, compose, close. */
class ApiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<SimulatedDatabase> databases = new ArrayList<>();
    private final ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        fanOut.shutdownNow();
        databases.forEach(SimulatedDatabase::close);
    }

    private SimulatedDatabase db(String latency, Duration queryTimeout, double errorRate) {
        SimulatedDatabase db = new SimulatedDatabase(LatencyModel.parse(latency), 0, Duration.ofSeconds(5),
                queryTimeout, errorRate, 42, null);
        databases.add(db);
        return db;
    }

    private Api api(int maxInFlight) {
        return new Api("virtual", db("0ms", Duration.ZERO, 0), maxInFlight, null);
    }

    private static ApiRequest get(String target) {
        return ApiRequest.ofTarget("GET", target, null, null, false);
    }

    private static ApiRequest post(String target, String contentType, String body) {
        return ApiRequest.ofTarget("POST", target, contentType, body.getBytes(StandardCharsets.UTF_8), false);
    }

    /** What a transport does, on the calling thread: every query in turn, then compose and close. */
    private static ApiResponse serve(Api api, ApiRequest request) {
        Exchange exchange = api.open(request);
        ApiResponse response;
        try {
            if (exchange.isAnswered()) {
                response = exchange.answer();
            } else {
                List<Object> results = new ArrayList<>();
                for (Query<?> q : exchange.queries()) {
                    results.add(api.database().query(q));
                }
                response = exchange.compose(results);
            }
        } catch (RuntimeException e) {
            response = api.failure(e);
        }
        return api.close(exchange, response);
    }

    private static JsonNode json(ApiResponse r) {
        try {
            return MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text(r), e);
        }
    }

    private static String text(ApiResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode tree(Object value) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertProblem(ApiResponse r, int status, String slug) {
        assertEquals(status, r.status(), () -> text(r));
        assertEquals(ApiResponse.PROBLEM_JSON, r.contentType());
        JsonNode p = json(r);
        assertEquals("urn:threadlab:problem:" + slug, p.path("type").asText(), () -> text(r));
        assertEquals(status, p.path("status").asInt());
        assertFalse(p.path("title").asText().isBlank());
        assertFalse(p.path("detail").asText().isBlank());
        for (String internal : List.of("Exception", "java.", "at org.", "null")) {
            assertFalse(text(r).contains(internal), () -> "internals in " + text(r));
        }
    }

    // ---- each resource: open, compose, close -----------------------------------------------

    @Test
    void healthIsAnsweredAtOnceAndClosingAddsTheModelHeader() {
        Api api = api(0);
        Exchange ex = api.open(get("/health"));
        assertTrue(ex.isAnswered());
        assertEquals(List.of(), ex.queries());
        assertNull(ex.answer().headers().get(Api.MODEL_HEADER), "the header is added by close");
        ApiResponse r = api.close(ex, ex.answer());
        assertEquals(200, r.status());
        assertEquals(ApiResponse.JSON, r.contentType());
        assertEquals("{\"status\":\"UP\"}", text(r));
        assertEquals(Map.of(Api.MODEL_HEADER, "virtual"), r.headers());
    }

    @Test
    void itemOpensOneQueryAndComposesItsResult() {
        Api api = api(0);
        Exchange ex = api.open(get("/api/items/7"));
        assertFalse(ex.isAnswered());
        assertEquals(List.of("item"), ex.queries().stream().map(Query::name).toList());
        Item item = (Item) api.database().query(ex.queries().getFirst());
        assertEquals(7, item.id());
        ApiResponse r = api.close(ex, ex.compose(List.of(item)));
        assertEquals(200, r.status());
        assertEquals(ApiResponse.JSON, r.contentType());
        assertEquals(tree(item), json(r));

        Exchange missing = api.open(get("/api/items/5001"));
        ApiResponse notFound = api.close(missing, missing.compose(Collections.singletonList(null)));
        assertProblem(notFound, 404, "not-found");
        assertEquals("no item with id 5001", json(notFound).path("detail").asText());
    }

    @Test
    void itemListOpensOneQuery() {
        Api api = api(0);
        Exchange ex = api.open(get("/api/items?category=games&limit=4"));
        assertEquals(List.of("items"), ex.queries().stream().map(Query::name).toList());
        ApiResponse r = serve(api, get("/api/items?category=games&limit=4"));
        JsonNode body = json(r);
        assertEquals(4, body.path("count").asInt());
        assertEquals(tree(((SimulatedDatabase) api.database()).data().items("games", 4)), body.path("items"));
        assertEquals(20, json(serve(api, get("/api/items"))).path("count").asInt(), "default limit");
        api.close(ex, ex.compose(List.of(List.of())));
    }

    @Test
    void dashboardOpensThreeQueriesAndComposesThemInOrder() {
        Api api = api(0);
        Exchange ex = api.open(get("/api/customers/12/dashboard"));
        assertEquals(List.of("customer", "recent-orders", "recommendations"),
                ex.queries().stream().map(Query::name).toList());
        List<Object> results = new ArrayList<>();
        for (Query<?> q : ex.queries()) {
            results.add(api.database().query(q));
        }
        ApiResponse r = api.close(ex, ex.compose(results));
        JsonNode body = json(r);
        DataSet data = ((SimulatedDatabase) api.database()).data();
        assertEquals(tree(data.customer(12)), body.path("customer"));
        assertEquals(tree(data.recentOrders(12, Queries.RECENT_ORDERS)), body.path("recentOrders"));
        assertEquals(tree(data.items(data.customer(12).favouriteCategory(), Queries.RECOMMENDATIONS)),
                body.path("recommendations"));
        assertEquals(List.of("customer", "recentOrders", "recommendations"), fieldNames(body));

        Exchange unknown = api.open(get("/api/customers/3000/dashboard"));
        assertProblem(api.close(unknown, unknown.compose(java.util.Arrays.asList(null, List.of(), List.of()))), 404,
                "not-found");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void orderCreateWritesAndAnswersWithLocation() {
        Api api = api(0);
        ApiResponse created = serve(api, post("/api/orders", "application/json",
                "{\"itemId\":10,\"quantity\":2,\"customerId\":5}"));
        assertEquals(201, created.status(), () -> text(created));
        JsonNode order = json(created);
        long id = order.path("id").asLong();
        assertEquals("/api/orders/" + id, created.headers().get("Location"));
        Order stored = ((SimulatedDatabase) api.database()).data().order(id);
        assertEquals(tree(stored), order);
        assertEquals(5, stored.customerId());

        ApiResponse readBack = serve(api, get("/api/orders/" + id));
        assertEquals(200, readBack.status());
        assertEquals(text(created), text(readBack));

        ApiResponse rejected = serve(api, post("/api/orders", "application/json",
                "{\"itemId\":10,\"quantity\":2,\"customerId\":2001}"));
        assertProblem(rejected, 422, "invalid-field");
        assertEquals("customerId", json(rejected).path("field").asText());
    }

    @Test
    void cpuNeedsNoQuery() {
        Api api = api(0);
        Exchange ex = api.open(get("/api/cpu?rounds=3"));
        assertTrue(ex.isAnswered());
        ApiResponse r = api.close(ex, ex.answer());
        assertEquals(3, json(r).path("rounds").asInt());
        assertEquals(64, json(r).path("digest").asText().length());
        assertFalse(json(r).path("digest").asText().equals(json(serve(api, get("/api/cpu?rounds=4"))).path("digest")
                .asText()), "the digest depends on the rounds");
    }

    @Test
    void statsReportTheModelAndCountRequests() {
        Api api = new Api("blocking", db("0ms", Duration.ZERO, 0), 7, () -> new WorkerPoolStats(20, 3, 4, 100, 55));
        serve(api, get("/api/items/1"));
        serve(api, get("/nope"));
        JsonNode stats = json(serve(api, get("/stats")));
        assertEquals("blocking", stats.path("model").asText());
        assertEquals(2, stats.path("requests").path("served").asLong(), "two requests closed before /stats");
        assertEquals(0, stats.path("requests").path("serverErrors").asLong(), "none failed");
        assertEquals(0, stats.path("requests").path("inFlight").asInt());
        assertEquals(7, stats.path("requests").path("maxInFlight").asInt());
        assertEquals(1, stats.path("database").path("queries").asLong());
        assertEquals(20, stats.path("workerPool").path("size").asInt());
        assertEquals(55, stats.path("workerPool").path("completed").asLong());
        assertTrue(stats.path("jvm").path("heapUsedBytes").asLong() > 0);
        assertTrue(stats.path("jvm").path("liveThreads").asInt() > 0);
        assertTrue(stats.path("jvm").has("virtualThreadScheduler"));
        assertTrue(stats.path("workerPool").isObject());

        JsonNode withoutPool = json(serve(api(0), get("/stats")));
        assertTrue(withoutPool.has("workerPool") && withoutPool.get("workerPool").isNull(),
                "same schema: workerPool is null, not absent");
    }

    // ---- errors ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1} -> Allow {2}")
    @CsvSource({"POST,/health,GET", "DELETE,/stats,GET", "PUT,/api/items/1,GET", "PATCH,/api/items,GET",
        "GET,/api/orders,POST", "DELETE,/api/orders/1,GET", "POST,/api/customers/1/dashboard,GET", "POST,/api/cpu,GET",
        "BREW,/api/items/1,GET", "HEAD,/health,GET"})
    void wrongMethodIs405WithAllow(String method, String target, String allowed) {
        Api api = api(0);
        ApiResponse r = serve(api, ApiRequest.ofTarget(method, target, "application/json", "{}".getBytes(), false));
        assertProblem(r, 405, "method-not-allowed");
        assertEquals(allowed, r.headers().get("Allow"));
        assertEquals("{\"type\":\"urn:threadlab:problem:method-not-allowed\",\"title\":\"Method Not Allowed\","
                + "\"status\":405,\"detail\":\"this resource supports " + allowed + " only\"}", text(r));
    }

    @ParameterizedTest
    @CsvSource({"/", "/api", "/api/", "/api/nope", "/nope", "/api/items/1/x", "/api/customers/1", "/health/",
        "api/items/1", "''"})
    void unknownPathsAre404(String path) {
        ApiResponse r = serve(api(0), get(path));
        assertProblem(r, 404, "not-found");
        assertEquals("{\"type\":\"urn:threadlab:problem:not-found\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"no such resource\"}", text(r));
    }

    @Test
    void bodyTooLargeIs413WhateverTheBody() {
        Api api = api(0);
        for (String type : new String[] {"application/json", "text/plain", null}) {
            ApiResponse r = serve(api, ApiRequest.ofTarget("POST", "/api/orders", type, new byte[0], true));
            assertProblem(r, 413, "payload-too-large");
            assertTrue(json(r).path("detail").asText().contains(Integer.toString(Api.MAX_BODY_BYTES)));
        }
        assertEquals(0, api.database().stats().queries(), "nothing reached the database");
    }

    @Test
    void notJsonIs415AndMalformedIs400AndInvalidIs422WithTheField() {
        Api api = api(0);
        assertProblem(serve(api, post("/api/orders", "text/plain", "{}")), 415, "unsupported-media-type");
        assertProblem(serve(api, post("/api/orders", null, "{}")), 415, "unsupported-media-type");
        assertEquals(201, serve(api, post("/api/orders", "application/vnd.order+json",
                "{\"itemId\":1,\"quantity\":1,\"customerId\":3}")).status(), "+json types are JSON");
        assertProblem(serve(api, post("/api/orders", "application/json", "{")), 400, "bad-request");
        assertProblem(serve(api, post("/api/orders", "application/json", "")), 400, "bad-request");
        assertProblem(serve(api, post("/api/orders", "application/json", "{\"a\":1,\"a\":2}")), 400, "bad-request");
        assertProblem(serve(api, post("/api/orders", "application/json", "{} []")), 400, "bad-request");
        ApiResponse invalid = serve(api, post("/api/orders", "application/json",
                "{\"itemId\":1,\"quantity\":0,\"customerId\":3}"));
        assertEquals("{\"type\":\"urn:threadlab:problem:invalid-field\",\"title\":\"Unprocessable Content\","
                + "\"status\":422,\"detail\":\"quantity must be an integer from 1 to 100\",\"field\":\"quantity\"}",
                text(invalid));
        ApiResponse missing = serve(api, post("/api/orders", "application/json", "{\"quantity\":1,\"customerId\":3}"));
        assertEquals("itemId is required and must be a positive integer", json(missing).path("detail").asText());
        ApiResponse array = serve(api, post("/api/orders", "application/json", "[]"));
        assertProblem(array, 422, "invalid-field");
        assertFalse(json(array).has("field"), "no single field is at fault");
        assertEquals(1, api.database().stats().queries(), "only the one valid order reached the database");
    }

    @ParameterizedTest
    @CsvSource({"/api/items/0", "/api/items/-1", "/api/items/01", "/api/items/x", "/api/items/%31",
        "/api/items/1234567890123456789", "/api/items/", "/api/orders/abc", "/api/customers/0/dashboard",
        "/api/items?limit=0", "/api/items?limit=101", "/api/items?limit=%zz", "/api/items?category=%", "/api/cpu?rounds=0",
        "/api/cpu?rounds=1000001", "/api/cpu?rounds=1e3"})
    void badInputsAre400(String target) {
        Api api = api(0);
        assertProblem(serve(api, get(target)), 400, "bad-request");
        assertEquals(0, api.database().stats().queries(), "nothing reached the database");
    }

    // ---- admission -------------------------------------------------------------------------

    @Test
    void admissionLimitRejectsBeyondMaxInFlightButServesHealthAndStats() {
        Api api = api(1);
        Exchange first = api.open(get("/api/items/1"));
        assertFalse(first.isAnswered());

        Exchange second = api.open(get("/api/items/2"));
        assertTrue(second.isAnswered());
        ApiResponse rejected = api.close(second, second.answer());
        assertProblem(rejected, 503, "overloaded");
        assertEquals("1", rejected.headers().get("Retry-After"));
        assertEquals("virtual", rejected.headers().get(Api.MODEL_HEADER));

        Exchange third = api.open(get("/api/cpu?rounds=1"));
        assertEquals(503, third.answer().status(), "closing a rejected exchange frees no slot");
        api.close(third, third.answer());

        assertEquals(200, serve(api, get("/health")).status(), "/health is served beyond the limit");
        JsonNode stats = json(serve(api, get("/stats")));
        assertEquals(1, stats.path("requests").path("inFlight").asInt());
        assertEquals(2, stats.path("requests").path("rejected").asLong());

        api.close(first, first.compose(List.of(api.database().query(first.queries().getFirst()))));
        Exchange fourth = api.open(get("/api/items/2"));
        assertFalse(fourth.isAnswered(), "the slot is free once the first exchange is closed");
        api.close(fourth, fourth.compose(Collections.singletonList(null)));
    }

    @Test
    void answeredExchangesHoldTheirSlotUntilClosed() {
        Api api = api(1);
        Exchange notFound = api.open(get("/nope"));
        assertEquals(404, notFound.answer().status());
        assertEquals(503, api.open(get("/api/items/1")).answer().status(), "a 404 is still in flight until closed");
        api.close(notFound, notFound.answer());
        assertEquals(200, serve(api, get("/api/items/1")).status());
        assertEquals(0, json(serve(api, get("/stats"))).path("requests").path("inFlight").asInt());
    }

    @Test
    void unlimitedAdmissionNeverRejects() {
        Api api = api(0);
        List<Exchange> open = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Exchange ex = api.open(get("/api/items/1"));
            assertFalse(ex.isAnswered());
            open.add(ex);
        }
        open.forEach(ex -> api.close(ex, ex.compose(Collections.singletonList(null))));
        assertEquals(0, json(serve(api, get("/stats"))).path("requests").path("inFlight").asInt());
    }

    @Test
    void rejectIsTheOverloadAnswerForTransports() {
        Api api = api(0);
        ApiResponse r = api.reject();
        assertProblem(r, 503, "overloaded");
        assertEquals("1", r.headers().get("Retry-After"));
        assertEquals("virtual", r.headers().get(Api.MODEL_HEADER));
        JsonNode stats = json(serve(api, get("/stats")));
        assertEquals(1, stats.path("requests").path("rejected").asLong());
        assertEquals(1, stats.path("requests").path("serverErrors").asLong());
        assertEquals(0, stats.path("requests").path("inFlight").asInt());
    }

    // ---- failures --------------------------------------------------------------------------

    @Test
    void failuresMapToStatusesWithoutInternals() {
        Api api = api(0);
        ApiResponse unavailable = api.failure(new DatabaseException.Unavailable());
        assertProblem(unavailable, 503, "database-unavailable");
        assertEquals("1", unavailable.headers().get("Retry-After"));

        ApiResponse busy = api.failure(new DatabaseException.PoolTimeout());
        assertProblem(busy, 503, "database-busy");
        assertEquals("1", busy.headers().get("Retry-After"));

        ApiResponse timeout = api.failure(new DatabaseException.QueryTimeout());
        assertProblem(timeout, 504, "database-timeout");
        assertNull(timeout.headers().get("Retry-After"));

        assertProblem(api.failure(new CompletionException(new DatabaseException.PoolTimeout())), 503, "database-busy");
        assertProblem(api.failure(new ExecutionException(new CompletionException(new DatabaseException.QueryTimeout()))),
                504, "database-timeout");

        for (Throwable t : List.of(new IllegalStateException("secret /etc/passwd at org.threadlab.X"),
                new NullPointerException(), new CompletionException(new OutOfMemoryError("boom")),
                new CompletionException(null))) {
            ApiResponse r = api.failure(t);
            assertProblem(r, 500, "internal");
            assertFalse(text(r).contains("secret") || text(r).contains("boom"), text(r));
        }
    }

    @Test
    void serveBlockingFansOutConcurrently() {
        Api api = new Api("blocking", db("100ms", Duration.ZERO, 0), 0, null);
        serveOnce(api); // warm-up
        long start = System.nanoTime();
        ApiResponse r = serveOnce(api);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.status());
        assertTrue(ms >= 100 && ms < 200, "three 100 ms queries took " + ms + " ms; concurrently ~100 ms");
        assertEquals("blocking", r.headers().get(Api.MODEL_HEADER));
    }

    private ApiResponse serveOnce(Api api) {
        return api.serveBlocking(get("/api/customers/4/dashboard"), fanOut);
    }

    @Test
    void serveBlockingMapsDatabaseFailures() {
        Api failing = new Api("blocking", db("0ms", Duration.ZERO, 1.0), 0, null);
        assertProblem(failing.serveBlocking(get("/api/items/1"), fanOut), 503, "database-unavailable");
        assertProblem(failing.serveBlocking(get("/api/customers/4/dashboard"), fanOut), 503, "database-unavailable");

        Api slow = new Api("blocking", db("50ms", Duration.ofMillis(1), 0), 0, null);
        assertProblem(slow.serveBlocking(get("/api/customers/4/dashboard"), fanOut), 504, "database-timeout");
        assertEquals(0, json(slow.serveBlocking(get("/stats"), fanOut)).path("requests").path("inFlight").asInt(),
                "failed exchanges are closed too");
        assertEquals(200, slow.serveBlocking(get("/health"), fanOut).status());
    }
    // ---- PUT /admin/faults (--admin-faults) ----------------------------------------------------

    private Api faultsApi(double errorRate, boolean adjustable) {
        SimulatedDatabase db = new SimulatedDatabase(LatencyModel.parse("0ms"), 0, Duration.ofSeconds(5), Duration.ZERO,
                errorRate, 42, null, adjustable);
        databases.add(db);
        return new Api("reactive", db, 1, null);
    }

    private static ApiRequest put(String target, String contentType, String body) {
        return ApiRequest.ofTarget("PUT", target, contentType, body.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void adminFaultsSetsTheErrorRateWhileServing() {
        Api api = faultsApi(0, true);
        assertEquals(200, serve(api, get("/api/items/1")).status());
        ApiResponse on = serve(api, put("/admin/faults", "application/json", "{\"errorRate\":1}"));
        assertEquals(200, on.status(), () -> text(on));
        assertEquals(ApiResponse.JSON, on.contentType());
        assertEquals("{\"errorRate\":1.0,\"latency\":\"0s\"}", text(on));
        assertEquals("reactive", on.headers().get(Api.MODEL_HEADER));
        assertEquals(1.0, api.database().errorRate());
        assertProblem(serve(api, get("/api/items/1")), 503, "database-unavailable");
        ApiResponse partly = serve(api, put("/admin/faults", "application/json; charset=utf-8", "{\"errorRate\":0.3}"));
        assertEquals("{\"errorRate\":0.3,\"latency\":\"0s\"}", text(partly));
        assertEquals(200, serve(api, put("/admin/faults", "application/json", "{\"errorRate\":0}")).status());
        assertEquals(200, serve(api, get("/api/items/1")).status(), "recovered");
    }

    @Test
    void adminFaultsSetsTheLatencyAndLeavesTheRate() {
        Api api = faultsApi(0.25, true);
        ApiResponse slow = serve(api, put("/admin/faults", "application/json", "{\"latency\":\"1s\"}"));
        assertEquals("{\"errorRate\":0.25,\"latency\":\"1s\"}", text(slow));
        assertEquals(java.time.Duration.ofSeconds(1), api.database().latency().mean());
        ApiResponse both = serve(api, put("/admin/faults", "application/json", "{\"errorRate\":0,\"latency\":\"uniform:1ms..3ms\"}"));
        assertEquals(200, both.status(), () -> text(both));
        assertEquals(0.0, api.database().errorRate());
        assertEquals(java.time.Duration.ofMillis(2), api.database().latency().mean());
        for (String body : List.of("{\"latency\":\"fast\"}", "{\"latency\":50}", "{\"latency\":\"1s\",\"errorRate\":2}")) {
            ApiResponse r = serve(api, put("/admin/faults", "application/json", body));
            assertProblem(r, 422, "invalid-field");
        }
        assertEquals(java.time.Duration.ofMillis(2), api.database().latency().mean(), "unchanged by the refusals");
    }

    @Test
    void adminFaultsIsServedOutsideAdmission() {
        Api api = faultsApi(0.5, true);
        Exchange held = api.open(get("/api/items/1"));
        assertFalse(held.isAnswered());
        assertProblem(serve(api, get("/api/items/2")), 503, "overloaded");
        assertEquals(200, serve(api, put("/admin/faults", "application/json", "{\"errorRate\":0}")).status(),
                "the lab can turn faults off even when the server is at its limit");
        api.close(held, held.compose(List.of(api.database().query(held.queries().get(0)))));
    }

    @Test
    void adminFaultsRejectsInvalidInputAndKeepsTheRate() {
        Api api = faultsApi(0.25, true);
        assertProblem(serve(api, put("/admin/faults", "text/plain", "{\"errorRate\":0.5}")), 415, "unsupported-media-type");
        assertProblem(serve(api, put("/admin/faults", "application/json", "{")), 400, "bad-request");
        assertProblem(serve(api, put("/admin/faults", "application/json", "")), 400, "bad-request");
        for (String body : List.of("{\"errorRate\":1.5}", "{\"errorRate\":-0.1}", "{\"errorRate\":\"0.5\"}",
                "{\"errorRate\":null}", "{}", "{\"rate\":0.5}")) {
            ApiResponse r = serve(api, put("/admin/faults", "application/json", body));
            assertProblem(r, 422, "invalid-field");
            assertEquals("errorRate", json(r).path("field").asText(), body);
        }
        assertProblem(serve(api, put("/admin/faults", "application/json", "[0.5]")), 422, "invalid-field");
        ApiResponse tooLarge = serve(api, ApiRequest.ofTarget("PUT", "/admin/faults", "application/json", new byte[0], true));
        assertProblem(tooLarge, 413, "payload-too-large");
        ApiResponse wrongMethod = serve(api, get("/admin/faults"));
        assertProblem(wrongMethod, 405, "method-not-allowed");
        assertEquals("PUT", wrongMethod.headers().get("Allow"));
        assertEquals(0.25, api.database().errorRate(), "unchanged");
    }

    @Test
    void withoutTheFlagAdminFaultsIsAnUnknownPath() {
        Api off = faultsApi(0, false);
        Api reference = faultsApi(0, false);
        for (ApiRequest r : List.of(put("/admin/faults", "application/json", "{\"errorRate\":1}"), get("/admin/faults"))) {
            ApiResponse a = serve(off, r);
            ApiResponse b = serve(reference, put("/admin/nothing", "application/json", "{}"));
            assertProblem(a, 404, "not-found");
            assertEquals(text(b), text(a));
            assertEquals(b.headers(), a.headers());
        }
        assertEquals(0.0, off.database().errorRate());
    }

    @Test
    void theFlagReachesTheDatabaseFromTheOptions() {
        try (SimulatedDatabase on = SimulatedDatabase.create(org.threadlab.core.options.ServerOptions.parse("virtual",
                "--admin-faults", "--db-error-rate", "0.2"));
             SimulatedDatabase off = SimulatedDatabase.create(org.threadlab.core.options.ServerOptions.defaults("virtual"))) {
            assertTrue(on.errorRateAdjustable());
            assertEquals(0.2, on.errorRate());
            assertFalse(off.errorRateAdjustable());
        }
    }
}
