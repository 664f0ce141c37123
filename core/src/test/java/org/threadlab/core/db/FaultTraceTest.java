package org.threadlab.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The first failed query's stack (--trace-first-fault): once, as the thread that ran the query saw it. */
class FaultTraceTest {

    @Test
    void theBlockingFaceShowsWhoAskedTheNonBlockingFaceTheTimer() throws Exception {
        List<StackTraceElement[]> seen = new CopyOnWriteArrayList<>();
        try (SimulatedDatabase db = new SimulatedDatabase(LatencyModel.parse("1ms"), 0, Duration.ofSeconds(5),
                Duration.ZERO, 1.0, 42, null)) {
            db.onFirstFault(seen::add);
            assertThrows(DatabaseException.Unavailable.class, () -> db.query(Queries.item(1)));
            assertThrows(DatabaseException.Unavailable.class, () -> db.query(Queries.item(2)));
            assertEquals(1, seen.size(), "only the first fault is traced");
            assertTrue(names(seen.get(0)).contains(FaultTraceTest.class.getName()), "the caller is in a blocking stack");
        }
        seen.clear();
        try (SimulatedDatabase db = new SimulatedDatabase(LatencyModel.parse("1ms"), 0, Duration.ofSeconds(5),
                Duration.ZERO, 1.0, 42, null)) {
            db.onFirstFault(seen::add);
            CompletableFuture<Item> f = db.queryAsync(Queries.item(1));
            assertThrows(ExecutionException.class, f::get);
            assertEquals(1, seen.size());
            assertFalse(names(seen.get(0)).contains(FaultTraceTest.class.getName()),
                    "the non-blocking face fails the query on its timer: the caller is not in the stack");
        }
    }

    @Test
    void whatIsPrintedReadsBack() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StackTraceElement[] frames = new Throwable().getStackTrace();
        FaultTrace.print(frames, Thread.currentThread(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = List.of(("noise before\n" + bytes.toString(StandardCharsets.UTF_8) + "noise after").split("\n"));
        List<FaultTrace.Trace> traces = FaultTrace.read(lines);
        assertEquals(1, traces.size());
        assertEquals(Thread.currentThread().getName().replace(' ', '_'), traces.get(0).thread());
        assertFalse(traces.get(0).virtual());
        assertEquals(Arrays.stream(frames).map(StackTraceElement::toString).toList(), traces.get(0).frames());
    }

    private static String names(StackTraceElement[] frames) {
        return Arrays.toString(frames);
    }
}
