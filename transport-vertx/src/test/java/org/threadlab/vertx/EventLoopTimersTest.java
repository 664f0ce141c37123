package org.threadlab.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.threadlab.core.db.Queries;
import org.threadlab.core.db.SimulatedDatabase;
import org.threadlab.core.options.ServerOptions;

/** The database's timers on Vert.x: waits are timers on the caller's loop, never a blocked thread. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class EventLoopTimersTest {

    @Test
    void delaysRoundToWholeMillisecondsAndAtLeastOne() {
        assertEquals(1, EventLoopTimers.millis(500_000));
        assertEquals(1, EventLoopTimers.millis(1_400_000));
        assertEquals(2, EventLoopTimers.millis(1_500_000));
        assertEquals(300, EventLoopTimers.millis(300_000_000));
    }

    @Test
    void aTimerFiresOnTheCallersEventLoopAfterTheDelay(Vertx vertx, VertxTestContext test) {
        EventLoopTimers timers = new EventLoopTimers(vertx);
        vertx.getOrCreateContext().runOnContext(v -> {
            Thread loop = Thread.currentThread();
            long start = System.nanoTime();
            timers.schedule(TimeUnit.MILLISECONDS.toNanos(30), () -> test.verify(() -> {
                assertSame(loop, Thread.currentThread());
                assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(25),
                        "fired after " + (System.nanoTime() - start) / 1_000 + " us");
                test.completeNow();
            }));
        });
    }

    @Test
    void aSubMillisecondDelayRunsOnTheNextTurnOfTheSameLoop(Vertx vertx, VertxTestContext test) {
        EventLoopTimers timers = new EventLoopTimers(vertx);
        vertx.getOrCreateContext().runOnContext(v -> {
            Thread loop = Thread.currentThread();
            AtomicBoolean returned = new AtomicBoolean();
            timers.schedule(100_000, () -> test.verify(() -> {
                assertTrue(returned.get(), "ran inside schedule()");
                assertSame(loop, Thread.currentThread());
                test.completeNow();
            }));
            returned.set(true);
        });
    }

    @Test
    void cancelledTasksNeverRun(Vertx vertx, VertxTestContext test) {
        EventLoopTimers timers = new EventLoopTimers(vertx);
        AtomicBoolean ran = new AtomicBoolean();
        vertx.getOrCreateContext().runOnContext(v -> {
            timers.schedule(TimeUnit.MILLISECONDS.toNanos(20), () -> ran.set(true)).cancel();
            timers.schedule(0, () -> ran.set(true)).cancel();
            vertx.setTimer(80, id -> test.verify(() -> {
                assertFalse(ran.get());
                test.completeNow();
            }));
        });
    }

    @Test
    void aQueryCompletesOnTheEventLoopThatIssuedIt(Vertx vertx, VertxTestContext test) {
        SimulatedDatabase database = SimulatedDatabase.create(
                ServerOptions.parse("reactive", "--db-latency", "20ms"), new EventLoopTimers(vertx));
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            Thread loop = Thread.currentThread();
            long start = System.nanoTime();
            database.queryAsync(Queries.item(1)).whenComplete((item, error) -> test.verify(() -> {
                assertSame(loop, Thread.currentThread());
                assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(15));
                assertEquals(1, item.id());
                database.close();
                test.completeNow();
            }));
        });
    }
}
