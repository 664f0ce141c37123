package org.threadlab.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The battery's table itself: names, differences and limits are consistent. */
class BadInputsTest {

    @Test
    void namesAreUniqueAndEveryRowHasAnOutcome() {
        Set<String> names = new HashSet<>();
        for (BadInput input : BadInputs.all()) {
            assertTrue(names.add(input.name()), () -> "duplicate row " + input.name());
            assertFalse(input.allowed().isEmpty(), input.name());
            assertTrue(input.bytes().length > 0, input.name());
            assertTrue(input.responses() >= 1, input.name());
        }
        assertTrue(BadInputs.all().size() >= 60, "the battery covers at least 60 inputs");
    }

    @Test
    void onlyRowsNamingADifferenceAllowMoreThanOneOutcome() {
        for (BadInput input : BadInputs.all()) {
            if (input.difference() == null) {
                assertEquals(1, input.allowed().size(), () -> input.name() + " is strict");
            } else {
                assertEquals(BadInputs.DIFFERENCES.get(input.difference()).allowed(), input.allowed(), input.name());
            }
        }
    }

    @Test
    void everyDifferenceIsUsedAndExplained() {
        Set<String> used = BadInputs.all().stream().map(BadInput::difference).filter(d -> d != null)
                .collect(Collectors.toSet());
        used.add("slow-client"); // used by the slow-client test
        assertEquals(BadInputs.DIFFERENCES.keySet(), used);
        BadInputs.DIFFERENCES.forEach((key, d) -> {
            assertTrue(d.allowed().size() >= 2, key);
            assertFalse(d.engines().isBlank() || d.why().isBlank() || d.input().isBlank(), key);
        });
        String table = BadInputs.differencesTable();
        assertEquals(BadInputs.DIFFERENCES.size() + 2, table.lines().count(), table);
    }

    @Test
    void oversizeRowsAreWellAwayFromTheLimits() {
        for (BadInput input : BadInputs.all()) {
            int lineEnd = indexOf(input.bytes(), (byte) '\n');
            int line = lineEnd < 0 ? input.bytes().length : lineEnd;
            if (input.name().startsWith("line-over") || input.name().startsWith("line-far")) {
                assertTrue(line > BadInputs.REQUEST_LINE_LIMIT + 400, input.name());
            } else {
                assertTrue(line < BadInputs.REQUEST_LINE_LIMIT - 400, () -> input.name() + ": " + line);
            }
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
