package org.threadlab.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTest {
    private final Sql<Object> sql = new Sql<>("SELECT x.* FROM " + Sql.DELAY + " AS d, t WHERE a = ? AND b = ?",
            List.of(1L, "b"), rows -> rows);

    @Test
    void withoutLatencyTheDelayIsOneRowAndNoSleep() {
        Sql.Bound b = sql.bind(0);
        assertEquals("SELECT x.* FROM (SELECT 1) AS d, t WHERE a = ? AND b = ?", b.text());
        assertEquals(List.of(1L, "b"), b.parameters());
    }

    @Test
    void latencySleepsInsideTheStatementBeforeTheOtherParameters() {
        Sql.Bound b = sql.bind(0.05);
        assertEquals("SELECT x.* FROM (SELECT pg_sleep(?::float8)) AS d, t WHERE a = ? AND b = ?", b.text());
        assertEquals(List.of(0.05, 1L, "b"), b.parameters());
    }

    @Test
    void numberedPlaceholdersFollowTheParameters() {
        assertEquals("SELECT x.* FROM (SELECT pg_sleep($1::float8)) AS d, t WHERE a = $2 AND b = $3",
                sql.bind(0.05).numbered());
    }

    @Test
    void aStatementWithoutItsDelayIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sql<>("SELECT 1", List.of(), rows -> rows));
        assertTrue(e.getMessage().contains(Sql.DELAY), e::getMessage);
    }

    @Test
    void everyQueryOfTheApiHasItsStatement() {
        List<Query<?>> all = List.of(Queries.item(1), Queries.items(null, 3), Queries.items("books", 3),
                Queries.customer(1), Queries.order(1), Queries.recentOrders(1), Queries.recommendations(1),
                Queries.insertOrder(1, 1, 1));
        for (Query<?> q : all) {
            Sql.Bound b = q.sql().bind(0.001);
            long placeholders = b.text().chars().filter(c -> c == '?').count();
            assertEquals(b.parameters().size(), placeholders, () -> q.name() + ": one parameter per placeholder");
        }
    }
}
