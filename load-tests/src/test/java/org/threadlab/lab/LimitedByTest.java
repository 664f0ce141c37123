package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LimitedByTest {
    /** Pinned on 2 CPUs: server on one with a 0.5-core budget, Gatling on the other. */
    private static LimitedBy pinned(Double gatling, Double genSet, Double serverSet, Double server, Double throttled,
                                    Double queued, Double dbWaiting) {
        return LimitedBy.of(new LimitedBy.Inputs(true, 1, 1, 0.5, gatling, genSet, serverSet, null, server, throttled,
                queued, dbWaiting));
    }

    @Test
    void gatlingAtItsOwnCpuIsTheGenerator() {
        LimitedBy l = pinned(88.0, 95.0, 40.0, 30.0, 5.0, null, null);
        assertEquals(LimitedBy.GENERATOR, l.id());
        assertTrue(l.excludesLevel());
    }

    @Test
    void othersOnGatlingsCpusAreTheMachine() {
        assertEquals(LimitedBy.MACHINE, pinned(60.0, 95.0, 40.0, 30.0, 5.0, null, null).id());
    }

    @Test
    void othersOnTheServersCpusAreTheMachine() {
        LimitedBy l = pinned(40.0, 50.0, 95.0, 45.0, 5.0, null, null);
        assertEquals(LimitedBy.MACHINE, l.id());
        assertTrue(l.excludesLevel());
    }

    @Test
    void aServerAtItsBudgetIsServerCpuAndCounts() {
        LimitedBy l = pinned(45.0, 53.0, 63.0, 49.9, 98.0, null, null);
        assertEquals(LimitedBy.SERVER_CPU, l.id());
        assertFalse(l.excludesLevel());
    }

    @Test
    void aFullPoolIsWorkersUnlessTheCpuIsSaturated() {
        assertEquals(LimitedBy.WORKERS, pinned(10.0, 25.0, 33.0, 19.0, 30.0, 747.0, 0.0).id());
        assertEquals(LimitedBy.SERVER_CPU, pinned(10.0, 25.0, 55.0, 49.0, 90.0, 747.0, 0.0).id());
    }

    @Test
    void queriesWaitingForConnectionsAreTheDatabase() {
        assertEquals(LimitedBy.DATABASE, pinned(10.0, 25.0, 33.0, 19.0, 5.0, null, 12.0).id());
    }

    @Test
    void frequentThrottlingBelowTheAverageIsStillTheBudget() {
        assertEquals(LimitedBy.SERVER_CPU, pinned(30.0, 40.0, 40.0, 38.0, 70.0, null, null).id());
        assertEquals(LimitedBy.NONE, pinned(30.0, 40.0, 40.0, 30.0, 14.0, null, null).id());
    }

    /**
     * The misattribution of issue 10: unpinned, virtual used more CPU than reactive and the whole
     * machine was >= 90% busy, which the old rule counted against the generator. Pinned, the same
     * server load is the server's own CPU; unpinned it is "machine", never "generator".
     */
    @Test
    void aBusyServerIsNoLongerBlamedOnTheGenerator() {
        LimitedBy shared = LimitedBy.of(new LimitedBy.Inputs(false, 2, 2, 2, 80.0, null, null, 185.0, 88.0, null,
                null, null));
        assertEquals(LimitedBy.MACHINE, shared.id());
        LimitedBy separate = pinned(55.0, 62.0, 60.0, 49.8, 97.5, null, null);
        assertEquals(LimitedBy.SERVER_CPU, separate.id());
    }

    @Test
    void theRuleNamesEveryLimit() {
        for (String id : new String[] {"generator", "machine", "server-cpu", "workers", "database", "none"}) {
            assertTrue(LimitedBy.RULE.contains(id), id);
        }
    }
}
