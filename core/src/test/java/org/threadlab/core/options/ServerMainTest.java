package org.threadlab.core.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ServerMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicInteger starts = new AtomicInteger();

    private int run(String model, ServerFactory factory, String... args) {
        return ServerMain.run(model, args, factory, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private ServerFactory counting(int port) {
        return options -> {
            starts.incrementAndGet();
            return new RunningServer() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public void close() {
                }
            };
        };
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badFlagsExitWithTwoAndOneLineOnStandardError() {
        assertEquals(2, run("blocking", counting(1), "--port", "abc"));
        assertEquals(0, starts.get(), "no server is started");
        assertEquals("", out());
        String message = err();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("server-blocking: "), message);
        assertTrue(message.contains("'abc'") && message.contains("(see --help)"), message);
    }

    @Test
    void unknownFlagExitsWithTwo() {
        assertEquals(2, run("virtual", counting(1), "--turbo"));
        assertTrue(err().contains("--turbo"), err());
        assertEquals(0, starts.get());
    }

    @Test
    void unknownEngineExitsWithTwoAndNamesTheValidOnes() {
        assertEquals(2, run("reactive", counting(1), "--engine", "helidon"));
        assertEquals(0, starts.get());
        assertEquals(1, err().lines().count(), err());
        assertEquals("server-reactive: --engine must be one of vertx, netty for server-reactive, got 'helidon'"
                + " (see --help)", err().strip());
    }

    @Test
    void badLatencyExitsWithTwoWithoutInternals() {
        assertEquals(2, run("reactive", counting(1), "--db-latency", "lognormal:mean=10ms,p99=5ms"));
        assertEquals(1, err().lines().count(), err());
        assertFalse(err().contains("Exception"), err());
    }

    @Test
    void helpPrintsUsageAndExitsWithZero() {
        assertEquals(0, run("reactive", counting(1), "--help"));
        assertEquals(0, starts.get(), "--help starts nothing");
        assertTrue(out().contains("Usage: server-reactive"), out());
        assertTrue(out().contains("--db-latency") && out().contains("--max-in-flight"), out());
        assertEquals("", err());
    }

    @Test
    void aServerThatCannotStartExitsWithOneAndItsReason() {
        ServerFactory failing = options -> {
            throw new IllegalStateException("wrapper", new java.net.BindException("Address already in use"));
        };
        assertEquals(1, run("blocking", failing, "--port", "8081"));
        String message = err();
        assertEquals("server-blocking: cannot start on 127.0.0.1:8081: Address already in use", message.strip());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPostgresThatCannotBeReachedIsNamedInOneLine() {
        // What every server's start does first: open the database the options name.
        ServerFactory opening = options -> {
            org.threadlab.core.db.Databases.open(options, null).close();
            throw new AssertionError("PostgreSQL on port 1 answered");
        };
        assertEquals(1, run("blocking", opening, "--db", "postgres", "--db-url", "postgresql://lab@127.0.0.1:1/shop"));
        String message = err().strip();
        assertTrue(message.startsWith("server-blocking: cannot start: cannot load the data set into PostgreSQL at "
                + "postgresql://lab@127.0.0.1:1/shop: "), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aStartedServerPrintsItsBoundPortAndRunsUntilStopped() throws Exception {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Thread main = Thread.ofPlatform().start(() -> status.complete(run("virtual", counting(43210), "--port", "0")));
        while (!out().contains("\n")) {
            assertFalse(status.isDone(), () -> "returned early: " + err());
            Thread.sleep(5);
        }
        assertEquals("server-virtual listening on http://127.0.0.1:43210", out().strip(),
                "prints the port it bound, not the 0 it was given");
        assertFalse(status.isDone(), "keeps running while the server runs");
        main.interrupt();
        assertEquals(0, status.get(5, TimeUnit.SECONDS));
        assertEquals(1, starts.get());
    }
}
