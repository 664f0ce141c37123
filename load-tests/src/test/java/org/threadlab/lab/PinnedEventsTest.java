package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedEventsTest {
    /** Class initialisation still pins a virtual thread that waits for it (JDK 24+ no longer pins on monitors). */
    static final class SlowInit {
        static {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
        }
    }

    @Test
    void readsPinnedVirtualThreadsWithTheirStacks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pins.jfr");
        long start = System.currentTimeMillis();
        try (Recording r = new Recording()) {
            r.enable(PinnedEvents.EVENT).withThreshold(Duration.ZERO).withStackTrace();
            r.start();
            Thread first = Thread.ofVirtual().start(SlowInit::touch);
            Thread.sleep(20);
            Thread second = Thread.ofVirtual().start(SlowInit::touch); // waits for the initialiser, pinned
            first.join();
            second.join();
            r.stop();
            r.dump(file);
        }
        long end = System.currentTimeMillis() + 1;
        List<PinnedEvents.Pin> pins = PinnedEvents.read(file);
        assertTrue(!pins.isEmpty(), "a virtual thread waiting on class initialisation is pinned");
        PinnedEvents.Summary all = PinnedEvents.in(pins, start, end);
        assertEquals(pins.size(), all.count());
        assertTrue(all.topStack().contains("SlowInit") || all.topStack().contains("PinnedEventsTest"), all.topStack());
        assertTrue(pins.get(0).frames().size() <= PinnedEvents.FRAMES);
        assertEquals(new PinnedEvents.Summary(0, null), PinnedEvents.in(pins, end, end + 1000), "none after");
    }

    @Test
    void recordsOnlyForTheVirtualThreadModel() {
        assertTrue(PinnedEvents.recorded("virtual"));
        assertTrue(!PinnedEvents.recorded("blocking") && !PinnedEvents.recorded("reactive"));
        String option = PinnedEvents.jvmOption(Path.of("/tmp/x.jfr"));
        assertTrue(option.startsWith("-XX:StartFlightRecording=") && option.contains("settings=none")
                && option.contains("+jdk.VirtualThreadPinned#threshold=0ms"), option);
        assertNull(PinnedEvents.in(List.of(), 0, 1).topStack());
    }
}
