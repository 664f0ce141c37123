package org.threadlab.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The table itself: complete, consistent, and its checks able to fail. */
class ContractCasesTest {
    private final List<ContractCase> cases = ContractCases.all();

    @Test
    void namesAreUnique() {
        Set<String> names = new HashSet<>();
        for (ContractCase c : cases) {
            assertTrue(names.add(c.name()), "duplicate case name " + c.name());
        }
    }

    @Test
    void hasAtLeastTwentyBadInputs() {
        long bad = cases.stream().filter(ContractCase::isBadInput).count();
        assertTrue(bad >= 20, "bad inputs: " + bad);
    }

    @Test
    void coversEveryEndpointAndEveryErrorStatus() {
        Set<Integer> statuses = cases.stream().map(ContractCase::status).collect(Collectors.toSet());
        assertTrue(statuses.containsAll(Set.of(200, 201, 400, 404, 405, 413, 415, 422)), "statuses " + statuses);
        List<String> ok = cases.stream().filter(c -> c.status() < 300).map(c -> c.method() + " " + c.target()).toList();
        for (String endpoint : List.of("GET /health", "GET /stats", "GET /api/items/1", "GET /api/items?category=",
                "POST /api/orders", "GET {location:", "GET /api/customers/1/dashboard", "GET /api/cpu?rounds=")) {
            assertTrue(ok.stream().anyMatch(t -> t.startsWith(endpoint)), "no successful case for " + endpoint);
        }
        for (String method : List.of("PATCH", "DELETE", "PUT")) {
            assertTrue(cases.stream().anyMatch(c -> c.method().equals(method) && c.status() == 405), method);
        }
        assertTrue(cases.stream().allMatch(c -> c.status() != 405 || c.headers().containsKey("Allow")),
                "every 405 expects Allow");
    }

    @Test
    void locationReferencesPointBackwards() {
        Pattern ref = Pattern.compile("\\{location:([^}]+)}");
        Set<String> before = new HashSet<>();
        for (ContractCase c : cases) {
            Matcher m = ref.matcher(c.target());
            while (m.find()) {
                assertTrue(before.contains(m.group(1)), c.name() + " follows " + m.group(1) + ", not an earlier case");
            }
            before.add(c.name());
        }
    }

    @Test
    void oversizeBodiesAreJustOverTheLimitAndTheLargestAcceptedOneIsAtIt() {
        for (ContractCase c : cases) {
            if (c.status() == 413) {
                assertEquals(64 * 1024 + 1, c.body().length, c.name());
            }
        }
        assertTrue(cases.stream().anyMatch(c -> c.status() == 201 && c.body().length == 64 * 1024));
    }

    @Test
    void verifyRejectsWhatTheContractForbids() {
        ContractCase health = cases.getFirst();
        ContractCase.Context context = new ContractCase.Context("virtual", Map.of());
        byte[] up = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
        health.verify(response(200, "application/json", "virtual", up), context);

        assertThrows(AssertionError.class, () -> health.verify(response(200, "application/json", "blocking", up), context));
        assertThrows(AssertionError.class, () -> health.verify(response(200, "text/plain", "virtual", up), context));
        assertThrows(AssertionError.class, () -> health.verify(response(201, "application/json", "virtual", up), context));
        assertThrows(AssertionError.class, () -> health.verify(response(200, "application/json", "virtual",
                "{\"status\":\"DOWN\"}".getBytes(StandardCharsets.UTF_8)), context));

        ContractCase notFound = cases.stream().filter(c -> c.name().equals("root")).findFirst().orElseThrow();
        String problem = "{\"type\":\"urn:threadlab:problem:not-found\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"no such resource\"}";
        notFound.verify(response(404, "application/problem+json", "virtual", problem.getBytes()), context);
        String leaky = problem.replace("no such resource", "java.lang.NullPointerException at org.x.Y");
        assertThrows(AssertionError.class, () -> notFound.verify(response(404, "application/problem+json", "virtual",
                leaky.getBytes()), context));
        String wrongStatus = problem.replace("404", "400");
        assertThrows(AssertionError.class, () -> notFound.verify(response(404, "application/problem+json", "virtual",
                wrongStatus.getBytes()), context));
        assertThrows(AssertionError.class, () -> notFound.verify(response(404, "application/problem+json", "virtual",
                "<html>Not Found</html>".getBytes()), context));
    }

    @Test
    void shapesIgnoreValuesButNotMembers() {
        var a = JsonTrees.shape(JsonTrees.read("{\"a\":1,\"b\":{\"c\":\"x\"},\"p\":null}".getBytes(), "a"));
        var b = JsonTrees.shape(JsonTrees.read("{\"a\":2,\"b\":{\"c\":\"y\"},\"p\":{\"size\":3}}".getBytes(), "b"));
        var c = JsonTrees.shape(JsonTrees.read("{\"a\":2,\"b\":{\"d\":\"y\"},\"p\":null}".getBytes(), "c"));
        assertEquals("", JsonTrees.shapeDifference(a, b));
        assertTrue(!JsonTrees.shapeDifference(a, c).isEmpty());
    }

    private static ContractResponse response(int status, String type, String model, byte[] body) {
        return new ContractResponse(status, Map.of("Content-Type", List.of(type), "X-Concurrency-Model", List.of(model),
                "Content-Length", List.of(Integer.toString(body.length))), body, 0);
    }
}
