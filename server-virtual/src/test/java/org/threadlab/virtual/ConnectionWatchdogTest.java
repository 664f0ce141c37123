package org.threadlab.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.reliability.RawHttp;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;

/**
 * The timeouts cut slow clients, never slow requests: a request waiting on the database far longer
 * than {@code --read-timeout} and {@code --idle-timeout} is answered, and its connection stays usable.
 */
class ConnectionWatchdogTest {
    private static final byte[] ORDER = "{\"itemId\":7,\"quantity\":2,\"customerId\":5}".getBytes(StandardCharsets.UTF_8);

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void requestsWaitingOnASlowDatabaseOutliveBothTimeouts() throws Exception {
        ServerOptions options = ServerOptions.parse("virtual", "--port", "0", "--db-latency", "1200ms",
                "--read-timeout", "200ms", "--idle-timeout", "400ms");
        RunningServer server = VirtualServer.start(options);
        try (RawHttp.Connection http = new RawHttp.Connection(server.port())) {
            long start = System.nanoTime();
            assertEquals(200, http.exchange(RawHttp.request("GET", "/api/items/1", null, null)).status());
            assertEquals(201, http.exchange(RawHttp.request("POST", "/api/orders", "application/json", ORDER)).status(),
                    "a request with a body, on the same connection");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 2400, () -> "two 1200 ms queries took " + ms + " ms");
            // Idle now: closed after --idle-timeout, with slack for the scan period.
            Thread.sleep(1000);
            assertTrue(http.closedByServer(), "an idle connection is closed after --idle-timeout");
        } finally {
            server.close();
        }
    }
}
