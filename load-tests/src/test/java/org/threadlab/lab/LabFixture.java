package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Runs the lab in this JVM as ./lab would, against the server jars in server-NAME/target (built
 * before load-tests in the reactor), capturing its stdout and stderr.
 */
final class LabFixture {
    record Outcome(int exitCode, String out, String err, Path runDir) {
        JsonNode json(String name) throws IOException {
            return ResultsDir.JSON.readTree(runDir.resolve(name).toFile());
        }
    }

    private LabFixture() {
    }

    static Path root() {
        return RunCommand.root();
    }

    /** Runs {@code lab run <args> --results-dir <resultsDir>}. */
    static synchronized Outcome run(Path resultsDir, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        all.add("--results-dir");
        all.add(resultsDir.toString());
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(new TeeStream(out, oldOut), true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(new TeeStream(err, oldErr), true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            code = Lab.execute(all.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        Path latest = resultsDir.resolve("latest");
        Path runDir = Files.exists(latest) ? latest.toRealPath() : null;
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), runDir);
    }

    /** Fails unless every process this JVM started has ended (waits a little for stragglers). */
    static void assertNoProcessLeft() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<ProcessHandle> left;
        do {
            left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        List<String> commands = left.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertTrue(false, "processes left behind: " + commands);
    }

    static void assertOneLineError(Outcome o, String expectedPart) {
        String err = o.err().strip();
        assertTrue(err.startsWith("lab: "), "stderr should start with 'lab: ', was: " + err);
        assertEquals(1, err.lines().count(), "one line on stderr, was: " + err);
        assertTrue(err.contains(expectedPart), "stderr should mention '" + expectedPart + "', was: " + err);
    }

    static Path serverJar(String name) {
        return root().resolve("server-" + name).resolve("target").resolve("server-" + name + ".jar");
    }

    static boolean serversBuilt() {
        return Stream.of("blocking", "virtual", "reactive").map(LabFixture::serverJar).allMatch(Files::isRegularFile);
    }

    /** Copies everything written to one stream to another as well (the test log keeps the progress). */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = Objects.requireNonNull(a);
            this.b = Objects.requireNonNull(b);
        }

        @Override
        public void write(int v) throws IOException {
            a.write(v);
            b.write(v);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
