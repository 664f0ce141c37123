package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input and faults: a one-line error, a non-zero exit, no process left behind, and (once a run
 * has started) the partial results kept with run.json saying "incomplete" and why. Servers that
 * fail are stand-in shell commands (threadlab.lab.serverCommand.NAME) where the real jar could not
 * fail on demand; a port in use, a server killed mid-run and Ctrl-C use the real jars.
 */
class FaultsTest {
    @TempDir
    Path results;

    @AfterEach
    void nothingLeft() throws Exception {
        System.clearProperty(ServerUnderTest.COMMAND_PROPERTY + "virtual");
        LabFixture.assertNoProcessLeft();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown scenario | --scenarios capacity,soak | unknown scenario 'soak'",
        "unknown server   | --servers virtual,tomcat  | unknown server 'tomcat'",
        "unknown option   | --profiel quick           | --profiel",
        "bad levels       | --levels spike=100        | spike takes two rates",
        "no io threads    | --io-threads 0            | --io-threads must be 1..256, got 0",
        "unknown engine   | --servers reactive:helidon | unknown engine 'helidon' for reactive (known: vertx, netty)",
        "pool for virtual | --servers virtual@100     | @N (a pool of N workers) is for the blocking model only",
        "no stall rounds  | --stall-rounds 0          | --stall-rounds must be from 1 to 1000000, got 0",
        "too many rounds  | --stall-rounds 2000000    | --stall-rounds must be from 1 to 1000000, got 2000000",
        "share above one  | --stall-share 1.5         | --stall-share must be above 0 and at most 1, got 1.5",
    })
    void badInputIsRefusedBeforeAnythingStarts(String why, String args, String message) throws Exception {
        LabFixture.Outcome o = LabFixture.run(results, args.split(" "));
        assertEquals(2, o.exitCode(), why);
        LabFixture.assertOneLineError(o, message);
        assertNull(o.runDir(), "no run is started on bad input");
    }

    /** More clients than this process may open files for: refused before anything starts, with the fix. */
    @Test
    void aLevelBeyondTheOpenFileLimitIsRefusedWithTheFix() throws Exception {
        LabFixture.Outcome o = LabFixture.run(results, "--servers", "reactive", "--scenarios", "capacity",
                "--levels", "capacity=5000000");
        assertEquals(1, o.exitCode());
        LabFixture.assertOneLineError(o, "open files");
        assertTrue(o.err().contains("ulimit -n"), o.err());
        assertNull(o.runDir(), "no run is started");
    }

    @Test
    void serverThatFailsToStart() throws Exception {
        System.setProperty(ServerUnderTest.COMMAND_PROPERTY + "virtual", "echo 'cannot open the database' >&2; exit 3");
        LabFixture.Outcome o = LabFixture.run(results, "--servers", "virtual", "--profile", "smoke");
        assertEquals(1, o.exitCode());
        LabFixture.assertOneLineError(o, "server virtual failed to start (exit 3): cannot open the database");
        assertIncomplete(o, "failed to start");
    }

    @Test
    void serverThatNeverBecomesHealthy() throws Exception {
        // claims an address where nothing listens, then hangs: the lab must give up and kill it (and its child)
        System.setProperty(ServerUnderTest.COMMAND_PROPERTY + "virtual",
                "echo 'server-virtual listening on http://127.0.0.1:9'; sleep 300");
        long started = System.nanoTime();
        LabFixture.Outcome o = LabFixture.run(results, "--servers", "virtual", "--profile", "smoke",
                "--startup-timeout", "2s", "--stop-timeout", "2s");
        assertEquals(1, o.exitCode());
        LabFixture.assertOneLineError(o, "never became healthy");
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(20).toNanos(), "bounded by --startup-timeout");
        assertIncomplete(o, "never became healthy");
    }

    @Test
    void portAlreadyInUse() throws Exception {
        assumeTrue(LabFixture.serversBuilt(), "needs the server jars");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            LabFixture.Outcome o = LabFixture.run(results, "--servers", "blocking", "--profile", "smoke",
                    "--server-port", "blocking=" + taken.getLocalPort(), "--startup-timeout", "30s");
            assertEquals(1, o.exitCode());
            LabFixture.assertOneLineError(o, "server blocking failed to start");
            assertTrue(o.err().contains(Integer.toString(taken.getLocalPort())), o.err());
            assertIncomplete(o, "failed to start");
        }
    }

    @Test
    @Timeout(120)
    void serverThatDiesMidRun() throws Exception {
        assumeTrue(LabFixture.serversBuilt(), "needs the server jars");
        CompletableFuture<LabFixture.Outcome> run = CompletableFuture.supplyAsync(() -> {
            try {
                return LabFixture.run(results, "--servers", "virtual", "--profile", "smoke", "--scenarios", "capacity",
                        "--levels", "10", "--warmup", "1s", "--duration", "30s");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        ProcessHandle server = awaitDescendant("server-virtual.jar", Duration.ofSeconds(60));
        awaitLevelStart(Duration.ofSeconds(90)); // Gatling is driving the server
        Thread.sleep(3_000); // into the measured window
        // A fresh handle: the one found while the server's wrapper was exec-ing may no longer match the process.
        ProcessHandle running = ProcessHandle.of(server.pid()).orElseThrow(() -> new AssertionError("server gone early"));
        assertTrue(running.destroyForcibly(), "SIGKILL delivered to the server");
        LabFixture.Outcome o = run.get(60, TimeUnit.SECONDS);
        assertEquals(1, o.exitCode());
        LabFixture.assertOneLineError(o, "server virtual died during the suite");
        assertIncomplete(o, "died during the suite");
        assertTrue(Files.size(o.runDir().resolve("logs/gatling-virtual.log")) > 0, "Gatling's console is kept");
    }

    @Test
    @Timeout(200)
    void ctrlCStopsEverythingAndKeepsPartialResults() throws Exception {
        assumeTrue(LabFixture.serversBuilt(), "needs the server jars");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "-Dslf4j.provider=" + GatlingRun.LOGBACK, "-Dthreadlab.root=" + LabFixture.root(), Lab.class.getName(), "run", "--servers", "reactive",
                "--profile", "smoke", "--scenarios", "capacity", "--levels", "10", "--duration", "60s",
                "--results-dir", results.toString()));
        Process lab = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        // Both pipes are drained for the whole run, so the lab can never block on a full pipe.
        StringBuffer errText = new StringBuffer();
        Thread errDrain = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = lab.errorReader(StandardCharsets.UTF_8)) {
                r.lines().forEach(l -> errText.append(l).append('\n'));
            } catch (IOException e) {
                // the process is gone
            }
        });
        BufferedReader stdout = new BufferedReader(new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8));
        StringBuffer outText = new StringBuffer();
        String line;
        while ((line = stdout.readLine()) != null && !line.contains("capacity level 10 clients")) {
            outText.append(line).append('\n'); // wait until the suite is running
        }
        assertTrue(line != null, "the lab never reached the capacity level: " + outText + errText);
        Thread outDrain = Thread.ofVirtual().start(() -> {
            try {
                stdout.lines().forEach(l -> outText.append(l).append('\n'));
            } catch (java.io.UncheckedIOException e) {
                // the process is gone
            }
        });
        List<ProcessHandle> children = lab.descendants().toList();
        assertTrue(children.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("server-reactive.jar")));
        assertTrue(children.size() >= 2, "server and Gatling: " + children); // (Gatling's command line is too long to match)
        Thread.sleep(3000);
        new ProcessBuilder("kill", "-" + interruptSignal(), Long.toString(lab.pid())).start().waitFor();
        boolean ended = lab.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            lab.descendants().forEach(ProcessHandle::destroyForcibly);
            lab.destroyForcibly();
        }
        errDrain.join(5000);
        outDrain.join(5000);
        assertTrue(ended, "the lab ends after Ctrl-C; stdout:\n" + outText + "stderr:\n" + errText);
        String err = errText.toString().strip();
        assertNotEquals(0, lab.exitValue());
        assertTrue(err.lines().anyMatch(l -> l.startsWith("lab: interrupted; partial results in")), err);
        for (ProcessHandle child : children) {
            assertFalse(child.isAlive(), "left running: " + child.info().commandLine().orElse("?"));
        }
        Path runDir = results.resolve("latest").toRealPath();
        JsonNode run = ResultsDir.JSON.readTree(runDir.resolve("run.json").toFile());
        assertEquals("incomplete", run.path("status").asText());
        assertTrue(run.path("reason").asText().contains("interrupted"), run.toString());
        assertTrue(Files.isRegularFile(runDir.resolve("environment.json")));
        assertTrue(Files.isRegularFile(runDir.resolve("levels.json")));
    }

    /**
     * INT, as Ctrl-C sends, unless this process inherited SIGINT as ignored (a shell runs background
     * jobs that way, e.g. a CI script started with '&'): the lab then inherits it too, and the JVM
     * honours the inherited disposition. TERM reaches the same shutdown path of the lab.
     */
    private static String interruptSignal() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (ignored & (1L << 1)) != 0 ? "TERM" : "INT";
            }
        }
        return "INT";
    }

    private void awaitLevelStart(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Path log = results.resolve("latest").resolve("logs").resolve("gatling-virtual.log");
            if (Files.isRegularFile(log) && Files.readString(log).contains(org.threadlab.load.LevelClock.MARKER)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Gatling did not start a level within " + timeout);
    }

    private static ProcessHandle awaitDescendant(String commandPart, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var found = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains(commandPart)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no process running " + commandPart + " within " + timeout);
    }

    private static void assertIncomplete(LabFixture.Outcome o, String reasonPart) throws Exception {
        JsonNode run = o.json("run.json");
        assertEquals("incomplete", run.path("status").asText());
        assertTrue(run.path("reason").asText().contains(reasonPart), run.toString());
        assertTrue(Files.isRegularFile(o.runDir().resolve("environment.json")));
        assertTrue(Files.isRegularFile(o.runDir().resolve("levels.csv")));
    }
}
