package org.threadlab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestNameTest {
    @Test
    void parsesWhatItPrints() {
        RequestName name = RequestName.of("faults", 500, RequestName.RPS, RequestName.RECOVERY).withEndpoint("item");
        assertEquals("faults 500rps recovery item", name.toString());
        assertEquals(name, RequestName.parse(name.toString()).orElseThrow());
        assertEquals("capacity 12.5c", RequestName.levelKey("capacity", 12.5, RequestName.CLIENTS));
    }

    @Test
    void onlyTheWindowsAreMeasured() {
        for (String phase : new String[] {RequestName.WARMUP, RequestName.AFTER, RequestName.ADMIN, RequestName.SETTLE}) {
            assertFalse(RequestName.of("faults", 500, RequestName.RPS, phase).measured(), phase);
        }
        for (String phase : new String[] {RequestName.MEASURE, RequestName.BASE, FaultsSimulation.FAULT, RequestName.RECOVERY}) {
            assertTrue(RequestName.of("faults", 500, RequestName.RPS, phase).measured(), phase);
        }
    }
}
