package org.threadlab.reactive;

import org.threadlab.vertx.VertxServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --idle-timeout} and {@code --read-timeout} never cut a request that waits for the
 * database: a 1.5 s query outlives both, pipelined or not, and the connection is closed only once
 * it has been idle. (The reliability suite covers slow and idle clients.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionTimeoutsTest {
    private static final String GET = "GET /api/items/1 HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void aSlowDatabaseOutlivesBothTimeoutsAndOnlyTheIdleConnectionIsClosed() throws IOException {
        try (VertxServer server = ReactiveServer.onVertx(ReactiveServerTest.options("--db-latency", "1500ms",
                "--idle-timeout", "400ms", "--read-timeout", "300ms", "--io-threads", "2"), new VertxOptions());
             Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            // Two pipelined requests: the second is read while the first waits for the database.
            out.write((GET + GET).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answers = readUntilClosed(in);
            long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(2, answers.split("HTTP/1.1 200 OK", -1).length - 1, answers);
            // 2 x 1.5 s of database, then 0.4 s idle (and slack for a busy machine).
            assertTrue(closedAfter >= 3_300 && closedAfter < 6_000, "closed after " + closedAfter + " ms");
        }
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        StringBuilder all = new StringBuilder();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            all.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
        return all.toString();
    }
}
