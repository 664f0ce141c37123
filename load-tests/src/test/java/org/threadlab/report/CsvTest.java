package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void quotesOnlyTheCellsThatNeedIt() {
        String csv = Csv.write(List.of("server", "reason", "threadStates"), List.of(
                Arrays.asList("virtual", "server CPU 49.5% of 50%, throttled", "{\"worker\":{\"threads\":50}}"),
                Arrays.asList("blocking", null, "said \"no\"\nthen left")));
        assertEquals("server,reason,threadStates\n"
                + "virtual,\"server CPU 49.5% of 50%, throttled\",\"{\"\"worker\"\":{\"\"threads\"\":50}}\"\n"
                + "blocking,,\"said \"\"no\"\"\nthen left\"\n", csv);
    }

    @Test
    void readsBackWhatItWrites() throws Exception {
        List<List<String>> rows = List.of(List.of("a", "b"), List.of("1", "{\"x\": 1, \"y\": 2}"),
                List.of("", "line\nbreak, and \"quotes\""));
        assertEquals(rows, Csv.read(Csv.write(rows.get(0), rows.subList(1, rows.size()))));
    }

    @Test
    void readsCrLfLines() throws Exception {
        assertEquals(List.of(List.of("a", "b"), List.of("1", "2")), Csv.read("a,b\r\n1,2\r\n"));
    }
}
