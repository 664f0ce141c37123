package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuLayoutTest {
    @Test
    void cpuListsRoundTripInTheKernelsFormat() {
        assertEquals("0-3,6", CpuSet.parse("0-3, 6").toString());
        assertEquals(List.of(1, 2, 5), CpuSet.parse("5,1-2").cpus());
        assertThrows(IllegalArgumentException.class, () -> CpuSet.parse("3-1"));
        assertThrows(IllegalArgumentException.class, () -> CpuSet.parse("a"));
        assertThrows(IllegalArgumentException.class, () -> CpuSet.parse(""));
    }

    @Test
    void autoGivesTheServerTheUpperHalf() {
        CpuLayout two = CpuLayout.resolve("auto", "auto", CpuSet.parse("0-1"));
        assertEquals("1", two.server().toString());
        assertEquals("0", two.generator().toString());
        CpuLayout eight = CpuLayout.resolve("auto", "auto", CpuSet.parse("0-7"));
        assertEquals("4-7", eight.server().toString());
        assertEquals("0-3", eight.generator().toString());
        CpuLayout three = CpuLayout.resolve("auto", "auto", CpuSet.parse("0-2"));
        assertEquals("2", three.server().toString());
        assertEquals("0-1", three.generator().toString());
    }

    @Test
    void oneSideGivenTheOtherGetsTheRest() {
        CpuLayout l = CpuLayout.resolve("2-3", "auto", CpuSet.parse("0-3"));
        assertEquals("0-1", l.generator().toString());
    }

    @Test
    void badLayoutsAreRefusedWithTheReason() {
        CpuSet two = CpuSet.parse("0-1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuLayout.resolve("0-1", "1", two))
                .getMessage().contains("overlap"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuLayout.resolve("5", "auto", two))
                .getMessage().contains("may use only CPUs 0-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuLayout.resolve("0-1", "auto", two))
                .getMessage().contains("takes every CPU"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CpuLayout.resolve("auto", "auto", CpuSet.parse("0"))).getMessage().contains("shared"));
    }

    @Test
    void sharedPinsNothing() {
        CpuLayout l = CpuLayout.resolve("shared", "auto", CpuSet.parse("0-1"));
        assertFalse(l.pinned());
        assertEquals(List.of(), CpuLayout.taskset(l.server()));
    }

    @Test
    void memorySizes() {
        assertEquals(768L << 20, ServerCgroup.parseBytes("768m"));
        assertEquals(2L << 30, ServerCgroup.parseBytes("2G"));
        assertThrows(IllegalArgumentException.class, () -> ServerCgroup.parseBytes("-1"));
    }
}
