package org.threadlab.core.db.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresTargetTest {
    @Test
    void readsEveryPart() {
        PostgresTarget t = PostgresTarget.parse("postgresql://lab:p%40ss@db.example:5433/shop");
        assertEquals(new PostgresTarget("db.example", 5433, "shop", "lab", "p@ss"), t);
        assertEquals("jdbc:postgresql://db.example:5433/shop", t.jdbcUrl());
        assertEquals("postgresql://lab@db.example:5433/shop", t.display());
        assertEquals(t, PostgresTarget.parse(t.url()), "url() reads back as the same target");
    }

    @Test
    void defaultsToPort5432AndUserPostgres() {
        assertEquals(new PostgresTarget("127.0.0.1", 5432, "db", "postgres", ""),
                PostgresTarget.parse("postgres://127.0.0.1/db"));
    }

    @Test
    void takesTheJdbcForm() {
        assertEquals(new PostgresTarget("127.0.0.1", 5432, "db", "u", ""),
                PostgresTarget.parse("jdbc:postgresql://u@127.0.0.1/db"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://127.0.0.1/db", "postgresql:///db", "postgresql://127.0.0.1",
            "postgresql://127.0.0.1/", "postgresql://127.0.0.1/db?sslmode=disable", "not a url"})
    void refusesWhatItCannotUse(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresTarget.parse(url));
        assertTrue(e.getMessage().startsWith("--db-url"), e::getMessage);
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }
}
