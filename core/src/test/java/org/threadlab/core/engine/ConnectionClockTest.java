package org.threadlab.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.threadlab.core.engine.ConnectionClock.Expiry;

/** The connection-timeout policy on explicit nanosecond times: idle 30 s, read 10 s, from t = 1,000. */
class ConnectionClockTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_000;

    private static ConnectionClock clock() {
        return new ConnectionClock(Duration.ofSeconds(30), Duration.ofSeconds(10), T0);
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() {
        ConnectionClock c = clock();
        assertEquals(T0 + 30 * S, c.deadline());
        assertEquals(Expiry.NOT_YET, c.expire(T0 + 30 * S - 1));
        assertEquals(Expiry.IDLE, c.expire(T0 + 30 * S));
        assertTrue(c.isClosed());
        assertEquals(ConnectionClock.NONE, c.deadline());
    }

    @Test
    void aRequestMustArriveWithinTheReadTimeoutOfItsFirstByteHoweverOftenBytesCome() {
        ConnectionClock c = clock();
        c.bytesRead(T0 + S);
        for (long t = 2; t < 11; t++) {
            c.bytesRead(T0 + t * S); // a trickler: a byte a second
        }
        assertEquals(T0 + 11 * S, c.deadline(), "counted from the first byte, not the last");
        assertFalse(c.headIn());
        assertEquals(Expiry.READ, c.expire(T0 + 11 * S));
    }

    @Test
    void aRequestBeingServedIsNeverCutAndTheIdleClockRestartsAfterItsResponse() {
        ConnectionClock c = clock();
        c.bytesRead(T0 + S);
        c.requestStarted(T0 + S);
        assertTrue(c.headIn(), "a 408 can answer a request whose head is in");
        c.requestReceived();
        assertTrue(c.serving());
        assertEquals(ConnectionClock.NONE, c.deadline(), "no deadline while the database takes its time");
        assertEquals(Expiry.NOT_YET, c.expire(T0 + 3_600 * S));
        c.responded(T0 + 100 * S);
        assertEquals(T0 + 130 * S, c.deadline(), "idle again, from the response");
    }

    @Test
    void bytesWhileServingStartTheNextRequestsClockAtTheResponse() {
        ConnectionClock c = clock();
        c.bytesRead(T0);
        c.requestReceived();
        c.bytesRead(T0 + 2 * S); // pipelined: the engine holds it unread while the first is served
        assertEquals(ConnectionClock.NONE, c.deadline());
        c.responded(T0 + 50 * S);
        assertEquals(T0 + 60 * S, c.deadline(), "reading, from the response: not the client's delay");
        assertEquals(Expiry.READ, c.expire(T0 + 60 * S));
    }

    @Test
    void pipelinedHeadsKeepTheConnectionServingUntilTheLastResponse() {
        ConnectionClock c = clock();
        c.requestStarted(T0);
        c.requestReceived();
        c.requestStarted(T0 + S); // the second head, read while the first is served: its clock starts now
        assertEquals(T0 + 11 * S, c.deadline());
        c.requestReceived();
        c.responded(T0 + 2 * S);
        assertTrue(c.serving(), "one response of two");
        c.responded(T0 + 3 * S);
        assertEquals(T0 + 33 * S, c.deadline());
    }

    @Test
    void aClosedClockTakesNoMoreEvents() {
        ConnectionClock c = clock();
        c.closed();
        c.bytesRead(T0 + S);
        c.requestStarted(T0 + S);
        c.requestReceived();
        c.responded(T0 + 2 * S);
        assertTrue(c.isClosed());
        assertEquals(Expiry.NOT_YET, c.expire(Long.MAX_VALUE - 1));
    }
}
