package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {
    private record Row(String server, Double rps, Map<String, Integer> detail) {
    }

    private static Table<Row> table() {
        return new Table<>(List.of(new Row("blocking", 1000.0, Map.of("a", 1)), new Row("virt|ual", null, null)))
                .text("Server", Row::server).key("server").strong()
                .value("req/s", Row::rps, r -> r.rps() == null ? "–" : Numbers.rps(r.rps())).key("throughputRps")
                .cellClass(r -> r.rps() == null ? "missing" : null)
                .data("detail", Row::detail);
    }

    @Test
    void eachFormatShowsTheSameRowsAndColumns() {
        assertEquals("<table class=\"t\">\n<tr><th>Server</th><th class=\"num\">req/s</th></tr>\n"
                + "<tr><td><b>blocking</b></td><td class=\"num\">1,000 req/s</td></tr>\n"
                + "<tr><td><b>virt|ual</b></td><td class=\"num missing\">–</td></tr>\n</table>\n", table().html("t"));
        assertEquals("| Server | req/s |\n|---|---:|\n| **blocking** | 1,000 req/s |\n| **virt\\|ual** | – |\n",
                table().markdown());
        List<Map<String, Object>> json = table().json();
        assertEquals(List.of("server", "throughputRps", "detail"), List.copyOf(json.get(0).keySet()));
        assertEquals(1000.0, json.get(0).get("throughputRps"));
        assertEquals(Map.of("a", 1), json.get(0).get("detail"));
        assertEquals("server,throughputRps\nblocking,1000\nvirt|ual,\n", table().csv(k -> !k.equals("detail")));
    }

    @Test
    void aMapHasNoCsvCell() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table().csv(k -> true));
        assertTrue(e.getMessage().startsWith("column detail holds a "), e.getMessage());
    }

    @Test
    void aCellWithACommaOrAQuoteIsQuoted() {
        Table<String[]> t = new Table<>(List.of(new String[] {"1,600 clients", "say \"hi\""},
                new String[] {"800 clients", null}))
                .text("Level", r -> r[0]).key("level")
                .text("Note", r -> r[1]).key("note");
        assertEquals("level,note\n\"1,600 clients\",\"say \"\"hi\"\"\"\n800 clients,\n", t.csv(k -> true));
        assertEquals("0.5", Table.csvCell(0.5));
    }
}
