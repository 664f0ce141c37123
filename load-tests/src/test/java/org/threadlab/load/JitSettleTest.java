package org.threadlab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JitSettleTest {
    private static final Pattern LINE = Pattern.compile("threadlab-jit afterMs=(\\d+) compileMs=(-?\\d+) reason=(\\S+)");
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void settledWhenTheCompileTimeGrowsByAtMostTheShareOverTheWindow() {
        assertTrue(JitSettle.settled(new ArrayDeque<>(List.of(1000L, 1020L, 1050L, 1090L)), 0.03));
        assertFalse(JitSettle.settled(new ArrayDeque<>(List.of(1000L, 1020L, 1050L, 1091L)), 0.03));
        assertFalse(JitSettle.settled(new ArrayDeque<>(List.of(1000L, 1000L, 1000L)), 0.03), "window not full");
        assertFalse(JitSettle.settled(new ArrayDeque<>(List.of(-1L, 1000L, 1000L, 1000L)), 0.03), "a missing sample");
    }

    @Test
    void endsOnceTheServersCompilersStop() throws IOException {
        long start = System.currentTimeMillis();
        // compiles 400 ms per second for 3 s, then nothing
        String base = statsServer(now -> Math.min(now - start, 3000) * 400 / 1000);
        Matcher m = parse(JitSettle.watch(base, Duration.ZERO, Duration.ofSeconds(30), 0.03));
        assertEquals("settled", m.group(3));
        long after = Long.parseLong(m.group(1));
        assertTrue(after >= 3000 && after < 25_000, "ended after " + after + " ms");
        assertEquals(1200, Long.parseLong(m.group(2)));
    }

    @Test
    void endsAtTheMaximumWhileTheCompilersStillWork() throws IOException {
        long start = System.currentTimeMillis();
        String base = statsServer(now -> (now - start) / 2);
        Matcher m = parse(JitSettle.watch(base, Duration.ZERO, Duration.ofSeconds(3), 0.03));
        assertEquals("maximum_reached", m.group(3));
        assertTrue(Long.parseLong(m.group(1)) >= 3000);
    }

    @Test
    void endsAtTheMinimumWhenStatsHasNoCompileTime() throws IOException {
        String base = statsServer(now -> -1);
        Matcher m = parse(JitSettle.watch(base, Duration.ofSeconds(1), Duration.ofSeconds(30), 0.03));
        assertEquals("no_compile_time_from_/stats", m.group(3));
        assertTrue(Long.parseLong(m.group(1)) < 25_000);
        assertEquals(-1, Long.parseLong(m.group(2)));
    }

    private static Matcher parse(String line) {
        Matcher m = LINE.matcher(line);
        assertTrue(m.find(), line);
        return m;
    }

    /** A /stats that answers jvm.jitCompileMs from the time now, or 404 where the function gives -1. */
    private String statsServer(LongUnaryOperator compileMsAt) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/stats", exchange -> {
            long ms = compileMsAt.applyAsLong(System.currentTimeMillis());
            byte[] body = ("{\"jvm\":{\"jitCompileMs\":" + ms + "}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ms < 0 ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
