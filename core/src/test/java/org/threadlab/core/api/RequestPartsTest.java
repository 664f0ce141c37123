package org.threadlab.core.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small parsers behind routing: request targets, ids and query strings. */
class RequestPartsTest {

    @Test
    void targetSplitsAtTheFirstQuestionMark() {
        ApiRequest r = ApiRequest.ofTarget("GET", "/api/items?limit=5?x", null, null, false);
        assertEquals("/api/items", r.path());
        assertEquals("limit=5?x", r.query());
        assertArrayEquals(new byte[0], r.body(), "no body is an empty body");
        assertNull(ApiRequest.ofTarget("GET", "/health", null, null, false).query());
        assertEquals("", ApiRequest.ofTarget("GET", "/health?", null, null, false).query());
    }

    @ParameterizedTest
    @CsvSource({"1,1", "42,42", "999999999999999999,999999999999999999"})
    void idsArePositiveIntegers(String text, long id) {
        assertEquals(id, Ids.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "01", "+1", "1.0", "1e3", "abc", "", " 1", "%31", "1234567890123456789",
        "99999999999999999999"})
    void everythingElseIsNotAnId(String text) {
        assertEquals(-1, Ids.parse(text));
    }

    @Test
    void queryParametersDecodeAndTheFirstValueWins() {
        QueryParameters p = QueryParameters.parse("category=b%6Foks&limit=5&limit=7&flag&x=a+b&&=v");
        assertEquals("books", p.get("category"));
        assertEquals("5", p.get("limit"));
        assertEquals("", p.get("flag"));
        assertEquals("a b", p.get("x"));
        assertEquals("v", p.get(""));
        assertNull(p.get("missing"));
        assertNull(QueryParameters.parse(null).get("limit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=%zz", "limit=%", "%e=1", "x=%G0"})
    void malformedPercentEncodingIsRejected(String query) {
        assertThrows(IllegalArgumentException.class, () -> QueryParameters.parse(query));
    }

    @Test
    void integersWithinBounds() {
        QueryParameters p = QueryParameters.parse("a=5&b=0&c=101&d=abc&e=&f=-3&g=99999999999&h=2.5&i=100");
        assertEquals(20, p.intWithin("missing", 20, 1, 100), "absent: the default");
        assertEquals(5, p.intWithin("a", 20, 1, 100));
        assertEquals(100, p.intWithin("i", 20, 1, 100));
        for (String name : new String[] {"b", "c", "d", "e", "f", "g", "h"}) {
            assertNull(p.intWithin(name, 20, 1, 100), name);
        }
        assertEquals(-3, p.intWithin("f", 0, -5, 5));
    }

    @Test
    void jsonRejectsDuplicateKeysAndTrailingTokens() {
        assertThrows(java.io.IOException.class, () -> Json.tree("{\"a\":1,\"a\":2}".getBytes()));
        assertThrows(java.io.IOException.class, () -> Json.tree("{\"a\":1} {}".getBytes()));
        assertThrows(java.io.IOException.class, () -> Json.tree("{\"a\":1} x".getBytes()));
        assertEquals("{\"a\":1}", new String(Json.bytes(java.util.Map.of("a", 1))));
    }
}
