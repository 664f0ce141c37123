package org.threadlab.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.threadlab.core.api.Api;
import org.threadlab.core.db.Customer;
import org.threadlab.core.db.DataSet;
import org.threadlab.core.db.Item;
import org.threadlab.core.db.Queries;

/**
 * The contract table: every request the contract sends, in order, with its expected answer.
 * The per-server suites and the cross-server agreement test run exactly this list.
 *
 * <p>Expected bodies come from the data set of {@link #SEED}, so servers must be started with
 * that seed. Writes go to customers 2 and 3 only and come after the dashboard of customer 1, so
 * that every expectation holds on a fresh server; order ids are never assumed (read-back
 * follows the Location header).
 */
public final class ContractCases {
    /** The database seed the table's expectations are computed from. */
    public static final long SEED = 42;
    /** The options every contract server starts with (plus {@code --port 0}). */
    public static final List<String> OPTIONS = List.of("--db-latency", "1ms", "--db-seed", Long.toString(SEED));

    private static final DataSet DATA = DataSet.generate(SEED);
    private static final String PROBLEM = "urn:threadlab:problem:";
    private static final String VALID_ORDER = "{\"itemId\":7,\"quantity\":1,\"customerId\":3}";
    private static final List<ContractCase> ALL = build();

    private ContractCases() {
    }

    /** Every case, in the order they must be sent. */
    public static List<ContractCase> all() {
        return ALL;
    }

    private static List<ContractCase> build() {
        List<ContractCase> cases = new ArrayList<>();
        health(cases);
        items(cases);
        itemLists(cases);
        dashboards(cases);
        orders(cases);
        orderBodies(cases);
        cpu(cases);
        unknownRoutes(cases);
        cases.add(get("stats-after-all", "/stats").expect(200, ContractCase.JSON).bodyVaries()
                .check(stats()).check(ContractCases::nothingLeftInFlight).build());
        return List.copyOf(cases);
    }

    private static void health(List<ContractCase> cases) {
        cases.add(get("health", "/health").expect(200, ContractCase.JSON).check(json(Map.of("status", "UP"))).build());
        cases.add(get("health-query-ignored", "/health?verbose=1").expect(200, ContractCase.JSON)
                .check(json(Map.of("status", "UP"))).build());
        cases.add(get("stats", "/stats").expect(200, ContractCase.JSON).bodyVaries().check(stats()).build());
        cases.add(request("health-post", "POST", "/health").body("application/json", "{}")
                .expect(405, ContractCase.PROBLEM_JSON).header("Allow", "GET").check(problem("method-not-allowed")).build());
        cases.add(request("stats-delete", "DELETE", "/stats")
                .expect(405, ContractCase.PROBLEM_JSON).header("Allow", "GET").check(problem("method-not-allowed")).build());
        cases.add(notFound("health-trailing-slash", "/health/"));
        cases.add(notFound("health-upper-case", "/HEALTH"));
    }

    private static void items(List<ContractCase> cases) {
        cases.add(get("item-first", "/api/items/1").expect(200, ContractCase.JSON).check(json(DATA.item(1))).build());
        cases.add(get("item-last", "/api/items/" + DataSet.ITEMS).expect(200, ContractCase.JSON)
                .check(json(DATA.item(DataSet.ITEMS))).build());
        cases.add(get("item-unknown-query-ignored", "/api/items/42?fields=name").expect(200, ContractCase.JSON)
                .check(json(DATA.item(42))).build());
        cases.add(notFound("item-missing", "/api/items/" + (DataSet.ITEMS + 1)));
        cases.add(notFound("item-18-digits-missing", "/api/items/999999999999999999"));
        cases.add(badRequest("item-zero", "/api/items/0"));
        cases.add(badRequest("item-negative", "/api/items/-1"));
        cases.add(badRequest("item-not-a-number", "/api/items/abc"));
        cases.add(badRequest("item-leading-zero", "/api/items/01"));
        cases.add(badRequest("item-beyond-long", "/api/items/99999999999999999999"));
        cases.add(badRequest("item-decimal", "/api/items/1.5"));
        cases.add(badRequest("item-plus-sign", "/api/items/+1"));
        cases.add(badRequest("item-percent-encoded-id", "/api/items/%31"));
        cases.add(badRequest("item-empty-id-trailing-slash", "/api/items/"));
        cases.add(notFound("item-trailing-slash", "/api/items/1/"));
        cases.add(notFound("item-sub-resource", "/api/items/1/reviews"));
        cases.add(wrongMethod("item-post", "POST", "/api/items/1", "GET"));
        cases.add(wrongMethod("item-put", "PUT", "/api/items/1", "GET"));
        cases.add(wrongMethod("item-patch", "PATCH", "/api/items/1", "GET"));
        cases.add(wrongMethod("item-delete", "DELETE", "/api/items/1", "GET"));
        cases.add(wrongMethod("item-options", "OPTIONS", "/api/items/1", "GET"));
        cases.add(wrongMethod("item-unknown-method", "BREW", "/api/items/1", "GET"));
    }

    private static void itemLists(List<ContractCase> cases) {
        cases.add(get("items-default", "/api/items").expect(200, ContractCase.JSON)
                .check(itemList(DATA.items(null, 20))).build());
        cases.add(get("items-category-limit", "/api/items?category=books&limit=5").expect(200, ContractCase.JSON)
                .check(itemList(DATA.items("books", 5))).build());
        cases.add(get("items-limit-1", "/api/items?limit=1").expect(200, ContractCase.JSON)
                .check(itemList(DATA.items(null, 1))).build());
        cases.add(get("items-limit-100", "/api/items?limit=100&category=music").expect(200, ContractCase.JSON)
                .check(itemList(DATA.items("music", 100))).build());
        cases.add(get("items-unknown-category", "/api/items?category=spaceships").expect(200, ContractCase.JSON)
                .check(itemList(List.of())).build());
        cases.add(get("items-category-percent-encoded", "/api/items?category=b%6Foks&limit=3")
                .expect(200, ContractCase.JSON).check(itemList(DATA.items("books", 3))).build());
        cases.add(get("items-category-plus-is-space", "/api/items?category=books+music&limit=3")
                .expect(200, ContractCase.JSON).check(itemList(List.of())).build());
        cases.add(get("items-empty-category", "/api/items?category=&limit=2").expect(200, ContractCase.JSON)
                .check(itemList(DATA.items(null, 2))).build());
        cases.add(get("items-repeated-limit-first-wins", "/api/items?limit=2&limit=500").expect(200, ContractCase.JSON)
                .check(itemList(DATA.items(null, 2))).build());
        cases.add(badRequest("items-limit-0", "/api/items?limit=0"));
        cases.add(badRequest("items-limit-101", "/api/items?limit=101"));
        cases.add(badRequest("items-limit-abc", "/api/items?limit=abc"));
        cases.add(badRequest("items-limit-negative", "/api/items?limit=-5"));
        cases.add(badRequest("items-limit-empty", "/api/items?limit="));
        cases.add(badRequest("items-limit-beyond-int", "/api/items?limit=99999999999"));
        cases.add(badRequest("items-limit-decimal", "/api/items?limit=2.5"));
        cases.add(badRequest("items-limit-bad-escape", "/api/items?limit=%zz"));
        cases.add(badRequest("items-category-truncated-escape", "/api/items?category=%e"));
        cases.add(wrongMethod("items-post", "POST", "/api/items", "GET"));
    }

    private static void dashboards(List<ContractCase> cases) {
        // Customer 1 is never written to, so its dashboard is the seeded one.
        Customer first = DATA.customer(1);
        Map<String, Object> dashboard = new LinkedHashMap<>();
        dashboard.put("customer", first);
        dashboard.put("recentOrders", DATA.recentOrders(1, Queries.RECENT_ORDERS));
        dashboard.put("recommendations", DATA.items(first.favouriteCategory(), Queries.RECOMMENDATIONS));
        cases.add(get("dashboard", "/api/customers/1/dashboard").expect(200, ContractCase.JSON)
                .check(json(dashboard)).build());
        cases.add(notFound("dashboard-unknown-customer", "/api/customers/" + (DataSet.CUSTOMERS + 1) + "/dashboard"));
        cases.add(badRequest("dashboard-bad-id", "/api/customers/abc/dashboard"));
        cases.add(badRequest("dashboard-zero-id", "/api/customers/0/dashboard"));
        cases.add(notFound("customer-without-dashboard", "/api/customers/1"));
        cases.add(notFound("dashboard-trailing-slash", "/api/customers/1/dashboard/"));
        cases.add(wrongMethod("dashboard-post", "POST", "/api/customers/1/dashboard", "GET"));
    }

    private static void orders(List<ContractCase> cases) {
        cases.add(get("order-seeded", "/api/orders/1").expect(200, ContractCase.JSON).check(json(DATA.order(1))).build());
        cases.add(notFound("order-missing", "/api/orders/999999999"));
        cases.add(badRequest("order-bad-id", "/api/orders/abc"));
        cases.add(badRequest("order-zero-id", "/api/orders/0"));
        cases.add(wrongMethod("orders-get-collection", "GET", "/api/orders", "POST"));
        cases.add(wrongMethod("orders-put-collection", "PUT", "/api/orders", "POST"));
        cases.add(wrongMethod("order-delete", "DELETE", "/api/orders/1", "GET"));
        cases.add(wrongMethod("order-post-to-id", "POST", "/api/orders/1", "GET"));

        cases.add(post("order-create", "application/json", "{\"itemId\":5,\"quantity\":3,\"customerId\":2}")
                .expect(201, ContractCase.JSON).check(created(2, 5, 3)).build());
        cases.add(get("order-read-back", "{location:order-create}").expect(200, ContractCase.JSON)
                .check(sameJsonAs("order-create")).build());
        cases.add(get("dashboard-shows-new-order", "/api/customers/2/dashboard").expect(200, ContractCase.JSON)
                .check(newestOrderIs("order-create", 2)).build());
        cases.add(post("order-create-charset", "application/json; charset=UTF-8", VALID_ORDER)
                .expect(201, ContractCase.JSON).check(created(3, 7, 1)).build());
        cases.add(post("order-create-media-type-case", "Application/JSON", VALID_ORDER)
                .expect(201, ContractCase.JSON).check(created(3, 7, 1)).build());
        cases.add(post("order-create-chunked", "application/json", "{\"itemId\":8,\"quantity\":2,\"customerId\":3}")
                .chunked().expect(201, ContractCase.JSON).check(created(3, 8, 2)).build());
        cases.add(post("order-create-extra-member-ignored", "application/json",
                "{\"itemId\":9,\"quantity\":100,\"customerId\":3,\"note\":\"leave at door\"}")
                .expect(201, ContractCase.JSON).check(created(3, 9, 100)).build());
        cases.add(post("order-create-body-of-exactly-64KiB", "application/json", padded(VALID_ORDER, Api.MAX_BODY_BYTES))
                .expect(201, ContractCase.JSON).check(created(3, 7, 1)).build());
        cases.add(get("order-read-back-chunked", "{location:order-create-chunked}").expect(200, ContractCase.JSON)
                .check(sameJsonAs("order-create-chunked")).build());
    }

    private static void orderBodies(List<ContractCase> cases) {
        // Not JSON at all: 400.
        cases.add(malformed("order-malformed-json", "{\"itemId\":"));
        cases.add(malformed("order-plain-text-as-json", "itemId=5&quantity=1"));
        cases.add(malformed("order-trailing-garbage", VALID_ORDER + " x"));
        cases.add(malformed("order-two-documents", VALID_ORDER + VALID_ORDER));
        cases.add(malformed("order-duplicate-key", "{\"itemId\":7,\"itemId\":8,\"quantity\":1,\"customerId\":3}"));
        cases.add(malformed("order-single-quotes", "{'itemId':7,'quantity':1,'customerId':3}"));
        cases.add(malformed("order-empty-body", ""));
        cases.add(malformed("order-invalid-utf8", concat("{\"itemId\":7,\"quantity\":1,\"customerId\":3,\"n\":\"",
                new byte[] {(byte) 0xff, (byte) 0xfe}, "\"}")));
        cases.add(malformed("order-deeply-nested", "[".repeat(5_000) + "]".repeat(5_000)));
        cases.add(malformed("order-number-with-2000-digits",
                "{\"itemId\":1" + "0".repeat(2_000) + ",\"quantity\":1,\"customerId\":3}"));
        // JSON, but not an order object: 422.
        cases.add(post("order-json-array", "application/json", "[" + VALID_ORDER + "]")
                .expect(422, ContractCase.PROBLEM_JSON).check(problem("invalid-field")).build());
        cases.add(post("order-json-string", "application/json", "\"an order\"")
                .expect(422, ContractCase.PROBLEM_JSON).check(problem("invalid-field")).build());
        cases.add(post("order-json-null", "application/json", "null")
                .expect(422, ContractCase.PROBLEM_JSON).check(problem("invalid-field")).build());
        cases.add(post("order-json-number", "application/json", "42")
                .expect(422, ContractCase.PROBLEM_JSON).check(problem("invalid-field")).build());
        cases.add(invalid("order-empty-object", "{}", "itemId"));
        cases.add(invalid("order-missing-quantity", "{\"itemId\":7,\"customerId\":3}", "quantity"));
        cases.add(invalid("order-missing-customer", "{\"itemId\":7,\"quantity\":1}", "customerId"));
        cases.add(invalid("order-item-id-as-string", "{\"itemId\":\"5\",\"quantity\":1,\"customerId\":3}", "itemId"));
        cases.add(invalid("order-item-id-decimal", "{\"itemId\":5.5,\"quantity\":1,\"customerId\":3}", "itemId"));
        cases.add(invalid("order-item-id-integral-decimal", "{\"itemId\":5.0,\"quantity\":1,\"customerId\":3}", "itemId"));
        cases.add(invalid("order-item-id-boolean", "{\"itemId\":true,\"quantity\":1,\"customerId\":3}", "itemId"));
        cases.add(invalid("order-item-id-null", "{\"itemId\":null,\"quantity\":1,\"customerId\":3}", "itemId"));
        cases.add(invalid("order-item-id-object", "{\"itemId\":{\"id\":5},\"quantity\":1,\"customerId\":3}", "itemId"));
        cases.add(invalid("order-item-id-array", "{\"itemId\":[5],\"quantity\":1,\"customerId\":3}", "itemId"));
        cases.add(invalid("order-item-id-beyond-long",
                "{\"itemId\":99999999999999999999,\"quantity\":1,\"customerId\":3}", "itemId"));
        cases.add(invalid("order-item-id-negative", "{\"itemId\":-1,\"quantity\":1,\"customerId\":3}", "itemId"));
        cases.add(invalid("order-item-id-zero", "{\"itemId\":0,\"quantity\":1,\"customerId\":3}", "itemId"));
        cases.add(invalid("order-quantity-10e30", "{\"itemId\":7,\"quantity\":1" + "0".repeat(30)
                + ",\"customerId\":3}", "quantity"));
        cases.add(invalid("order-quantity-exponent", "{\"itemId\":7,\"quantity\":1e30,\"customerId\":3}", "quantity"));
        cases.add(invalid("order-quantity-zero", "{\"itemId\":7,\"quantity\":0,\"customerId\":3}", "quantity"));
        cases.add(invalid("order-quantity-negative", "{\"itemId\":7,\"quantity\":-3,\"customerId\":3}", "quantity"));
        cases.add(invalid("order-quantity-over-100", "{\"itemId\":7,\"quantity\":101,\"customerId\":3}", "quantity"));
        cases.add(invalid("order-quantity-beyond-int",
                "{\"itemId\":7,\"quantity\":4294967297,\"customerId\":3}", "quantity"));
        cases.add(invalid("order-customer-negative", "{\"itemId\":7,\"quantity\":1,\"customerId\":-1}", "customerId"));
        cases.add(invalid("order-customer-as-string", "{\"itemId\":7,\"quantity\":1,\"customerId\":\"3\"}",
                "customerId"));
        cases.add(invalid("order-unknown-item", "{\"itemId\":" + (DataSet.ITEMS + 1)
                + ",\"quantity\":1,\"customerId\":3}", "itemId"));
        cases.add(invalid("order-unknown-customer", "{\"itemId\":7,\"quantity\":1,\"customerId\":"
                + (DataSet.CUSTOMERS + 1) + "}", "customerId"));
        // Not JSON by its content type: 415; too large: 413 (whatever the type).
        cases.add(unsupported("order-text-plain", "text/plain", VALID_ORDER));
        cases.add(unsupported("order-no-content-type", null, VALID_ORDER));
        cases.add(unsupported("order-form-encoded", "application/x-www-form-urlencoded", "itemId=7&quantity=1"));
        cases.add(unsupported("order-json-lookalike-type", "application/jsonx", VALID_ORDER));
        cases.add(unsupported("order-empty-content-type", "", VALID_ORDER));
        cases.add(tooLarge("order-oversize", "application/json", false));
        cases.add(tooLarge("order-oversize-chunked", "application/json", true));
        cases.add(tooLarge("order-oversize-text-plain", "text/plain", false));
    }

    private static void cpu(List<ContractCase> cases) {
        cases.add(get("cpu-default-rounds", "/api/cpu").expect(200, ContractCase.JSON).check(cpuResult(1_000)).build());
        cases.add(get("cpu-one-round", "/api/cpu?rounds=1").expect(200, ContractCase.JSON).check(cpuResult(1)).build());
        cases.add(get("cpu-max-rounds", "/api/cpu?rounds=1000000").expect(200, ContractCase.JSON)
                .check(cpuResult(1_000_000)).build());
        cases.add(badRequest("cpu-zero-rounds", "/api/cpu?rounds=0"));
        cases.add(badRequest("cpu-too-many-rounds", "/api/cpu?rounds=1000001"));
        cases.add(badRequest("cpu-negative-rounds", "/api/cpu?rounds=-1"));
        cases.add(badRequest("cpu-rounds-not-a-number", "/api/cpu?rounds=abc"));
        cases.add(badRequest("cpu-rounds-bad-escape", "/api/cpu?rounds=%zz"));
        cases.add(wrongMethod("cpu-post", "POST", "/api/cpu", "GET"));
        cases.add(notFound("cpu-trailing-slash", "/api/cpu/"));
    }

    private static void unknownRoutes(List<ContractCase> cases) {
        cases.add(notFound("root", "/"));
        cases.add(notFound("api-root", "/api"));
        cases.add(notFound("api-root-slash", "/api/"));
        cases.add(notFound("unknown-api-resource", "/api/unknown"));
        cases.add(notFound("unknown-top-level", "/nope"));
        cases.add(notFound("unknown-upper-case-api", "/API/items/1"));
        cases.add(request("unknown-route-unknown-method", "DELETE", "/nope").expect(404, ContractCase.PROBLEM_JSON)
                .check(problem("not-found")).build());
        cases.add(request("unknown-route-post", "POST", "/api/unknown").body("application/json", VALID_ORDER)
                .expect(404, ContractCase.PROBLEM_JSON).check(problem("not-found")).build());
    }

    // ---- builders -------------------------------------------------------------------------

    private static ContractCase.Builder get(String name, String target) {
        return ContractCase.builder(name, "GET", target);
    }

    private static ContractCase.Builder request(String name, String method, String target) {
        return ContractCase.builder(name, method, target);
    }

    private static ContractCase.Builder post(String name, String contentType, String body) {
        return post(name, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static ContractCase.Builder post(String name, String contentType, byte[] body) {
        return ContractCase.builder(name, "POST", "/api/orders").body(contentType, body);
    }

    private static ContractCase notFound(String name, String target) {
        return get(name, target).expect(404, ContractCase.PROBLEM_JSON).check(problem("not-found")).build();
    }

    private static ContractCase badRequest(String name, String target) {
        return get(name, target).expect(400, ContractCase.PROBLEM_JSON).check(problem("bad-request")).build();
    }

    private static ContractCase wrongMethod(String name, String method, String target, String allowed) {
        ContractCase.Builder b = request(name, method, target);
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            b.body("application/json", VALID_ORDER);
        }
        return b.expect(405, ContractCase.PROBLEM_JSON).header("Allow", allowed).check(problem("method-not-allowed"))
                .build();
    }

    private static ContractCase malformed(String name, String body) {
        return malformed(name, body.getBytes(StandardCharsets.UTF_8));
    }

    private static ContractCase malformed(String name, byte[] body) {
        return post(name, "application/json", body).expect(400, ContractCase.PROBLEM_JSON).check(problem("bad-request"))
                .build();
    }

    private static ContractCase invalid(String name, String body, String field) {
        return post(name, "application/json", body).expect(422, ContractCase.PROBLEM_JSON).check(invalidField(field))
                .build();
    }

    private static ContractCase unsupported(String name, String contentType, String body) {
        return post(name, contentType, body).expect(415, ContractCase.PROBLEM_JSON)
                .check(problem("unsupported-media-type")).build();
    }

    private static ContractCase tooLarge(String name, String contentType, boolean chunked) {
        ContractCase.Builder b = post(name, contentType, padded(VALID_ORDER, Api.MAX_BODY_BYTES + 1));
        if (chunked) {
            b.chunked();
        }
        return b.expect(413, ContractCase.PROBLEM_JSON).check(problem("payload-too-large")).build();
    }

    /** A valid JSON document padded with trailing spaces to exactly {@code size} bytes. */
    static byte[] padded(String json, int size) {
        return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + middle.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(middle, 0, all, h.length, middle.length);
        System.arraycopy(t, 0, all, h.length + middle.length, t.length);
        return all;
    }

    // ---- checks ---------------------------------------------------------------------------

    /** The body equals the JSON form of {@code expected} (member order aside). */
    static ContractCase.Check json(Object expected) {
        JsonNode tree = JsonTrees.tree(expected);
        return (r, c) -> assertEquals(tree, JsonTrees.read(r.body(), r.toString()), "body");
    }

    private static ContractCase.Check itemList(List<Item> items) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("count", items.size());
        list.put("items", items);
        return json(list);
    }

    private static ContractCase.Check problem(String slug) {
        return (r, c) -> {
            JsonNode p = JsonTrees.read(r.body(), r.toString());
            assertEquals(PROBLEM + slug, p.path("type").asText(), () -> "problem type of " + r);
            assertFalse(p.has("field"), () -> "no field expected in " + r);
        };
    }

    private static ContractCase.Check invalidField(String field) {
        return (r, c) -> {
            JsonNode p = JsonTrees.read(r.body(), r.toString());
            assertEquals(PROBLEM + "invalid-field", p.path("type").asText(), () -> "problem type of " + r);
            assertEquals(field, p.path("field").asText(null), () -> "field named by " + r);
        };
    }

    /** A stored order for these fields, whose Location names its id. */
    private static ContractCase.Check created(long customerId, long itemId, int quantity) {
        return (r, c) -> {
            JsonNode order = JsonTrees.read(r.body(), r.toString());
            assertEquals(customerId, order.path("customerId").asLong(-1), () -> "customerId of " + r);
            assertEquals(itemId, order.path("itemId").asLong(-1), () -> "itemId of " + r);
            assertEquals(quantity, order.path("quantity").asInt(-1), () -> "quantity of " + r);
            assertEquals(DATA.item(itemId).priceCents() * quantity, order.path("totalCents").asLong(-1),
                    () -> "totalCents of " + r);
            assertEquals(5, order.size(), () -> "members of " + r);
            long id = order.path("id").asLong(-1);
            assertTrue(id > DataSet.ORDERS, () -> "a new order's id follows the seeded ones: " + r);
            assertEquals("/api/orders/" + id, r.header("Location"), () -> "Location of " + r);
        };
    }

    private static ContractCase.Check sameJsonAs(String caseName) {
        return (r, c) -> assertEquals(JsonTrees.read(c.earlier(caseName).body(), caseName),
                JsonTrees.read(r.body(), r.toString()), () -> "body should equal that of " + caseName);
    }

    private static ContractCase.Check newestOrderIs(String caseName, long customerId) {
        return (r, c) -> {
            JsonNode dashboard = JsonTrees.read(r.body(), r.toString());
            assertEquals(JsonTrees.tree(DATA.customer(customerId)), dashboard.path("customer"), "customer");
            JsonNode recent = dashboard.path("recentOrders");
            assertTrue(recent.isArray() && recent.size() >= 1 && recent.size() <= Queries.RECENT_ORDERS,
                    () -> "recentOrders of " + r);
            assertEquals(JsonTrees.read(c.earlier(caseName).body(), caseName), recent.get(0),
                    () -> "the newest order should be the one " + caseName + " created");
        };
    }

    private static ContractCase.Check cpuResult(int rounds) {
        return json(Map.of("rounds", rounds, "digest", sha256Chain(rounds)));
    }

    static String sha256Chain(int rounds) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = new byte[32];
            for (int i = 0; i < rounds; i++) {
                digest = sha.digest(digest);
            }
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Map<String, List<String>> STATS_SCHEMA = Map.of(
            "", List.of("model", "engine", "uptimeMs", "requests", "database", "jvm", "workerPool"),
            "requests", List.of("served", "inFlight", "peakInFlight", "rejected", "serverErrors", "maxInFlight"),
            "database", List.of("kind", "queries", "failed", "poolTimeouts", "queryTimeouts", "inFlight",
                    "peakInFlight", "waitingForPool", "poolWaits", "poolSize", "idle"),
            "jvm", List.of("heapUsedBytes", "heapCommittedBytes", "liveThreads", "peakThreads", "daemonThreads",
                    "gcCount", "gcTimeMs", "processCpuNanos", "availableProcessors", "jitCompileMs",
                    "virtualThreadScheduler"),
            "workerPool", List.of("size", "active", "queued", "queueCapacity", "completed"));

    /** The /stats schema: every member present, numbers where figures are expected. */
    static ContractCase.Check stats() {
        return (r, c) -> {
            JsonNode stats = JsonTrees.read(r.body(), r.toString());
            STATS_SCHEMA.forEach((section, members) -> {
                JsonNode node = section.isEmpty() ? stats : stats.path(section);
                if (section.equals("workerPool") && node.isNull()) {
                    return; // models without a request pool
                }
                assertTrue(node.isObject(), () -> "/stats " + section + " is not an object: " + r);
                assertEquals(members.size(), node.size(), () -> "/stats " + section + " members: " + r);
                for (String member : members) {
                    assertTrue(node.has(member), () -> "/stats " + section + " lacks " + member + ": " + r);
                    if (section.equals("database") && member.equals("kind")) {
                        assertTrue(java.util.Set.of("simulated", "postgres").contains(node.get(member).asText()),
                                () -> "/stats database.kind is simulated or postgres: " + r);
                    } else if (!section.isEmpty() && !member.equals("virtualThreadScheduler")) {
                        assertTrue(node.get(member).isNumber(), () -> "/stats " + section + "." + member + ": " + r);
                    }
                }
            });
            assertTrue(stats.get("uptimeMs").isNumber() && stats.get("uptimeMs").asLong() >= 0, "uptimeMs");
            if (c.model() != null) {
                assertEquals(c.model(), stats.path("model").asText(), "/stats model");
                java.util.List<String> engines = org.threadlab.core.engine.Engines.of(c.model());
                if (!engines.isEmpty()) {
                    assertTrue(engines.contains(stats.path("engine").asText()),
                            () -> "/stats engine is one of " + engines + ": " + r);
                }
            }
            // Every exchange before this one was closed through core, so it was counted.
            long served = stats.path("requests").path("served").asLong();
            assertTrue(served >= c.earlier().size(), () -> "/stats counts " + served + " requests served, but "
                    + c.earlier().size() + " were answered before it: every response must go through Api.close");
            assertNotNull(stats.path("jvm").get("virtualThreadScheduler"), "virtualThreadScheduler member");
        };
    }

    /** After the whole table, sent one at a time, nothing may be left in flight. */
    private static void nothingLeftInFlight(ContractResponse r, ContractCase.Context c) {
        JsonNode stats = JsonTrees.read(r.body(), r.toString());
        assertEquals(0, stats.path("requests").path("inFlight").asInt(-1),
                () -> "requests still in flight after the table: an exchange was not closed: " + r);
        assertEquals(0, stats.path("database").path("inFlight").asInt(-1), () -> "database queries in flight: " + r);
        assertEquals(0, stats.path("database").path("waitingForPool").asInt(-1), () -> "waiting for pool: " + r);
    }
}
