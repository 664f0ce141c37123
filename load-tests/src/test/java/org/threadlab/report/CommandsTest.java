package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandsTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void reportRebuildsFromRawData() {
        Path dir = Fixtures.copy(Fixtures.RUN_A, tmp);
        assertEquals(0, run(new ReportCommand(), dir.toString(), "--slo-p99", "250", "--slo-errors", "0.5"));
        assertEquals("report: open " + dir.resolve("index.html") + System.lineSeparator(), out.toString());
        assertTrue(Files.exists(dir.resolve("summary.md")));
    }

    @Test
    void reportOfAFolderThatIsNotARunIsOneLineAndNonZero() {
        assertEquals(1, run(new ReportCommand(), Fixtures.source(Fixtures.NOT_A_RUN).toString()));
        String e = err.toString();
        assertTrue(e.startsWith("report: ") && e.contains("is not a ThreadLab run"), e);
        assertEquals(1, e.lines().count(), e);
    }

    @Test
    void reportOfAMissingFolder() {
        assertEquals(1, run(new ReportCommand(), tmp.resolve("missing").toString()));
        assertEquals("report: no such run folder: " + tmp.resolve("missing"), err.toString().trim());
    }

    @Test
    void reportWithANonsenseSlo() {
        Path dir = Fixtures.copy(Fixtures.RUN_A, tmp);
        assertEquals(1, run(new ReportCommand(), dir.toString(), "--slo-p99", "0"));
        assertTrue(err.toString().startsWith("report: the SLO needs p99 > 0 ms"), err.toString());
    }

    @Test
    void compareTwoRunsIntoAChosenFolder() {
        Path a = Fixtures.copy(Fixtures.RUN_A, tmp);
        Path b = Fixtures.copy(Fixtures.RUN_B, tmp);
        Path to = tmp.resolve("cmp");
        assertEquals(0, run(new CompareCommand(), a.toString(), b.toString(), "--out", to.toString()));
        assertTrue(Files.exists(to.resolve("index.html")));
        assertTrue(Files.exists(to.resolve("summary.md")));
    }

    @Test
    void helpIsWrittenWithoutPicocliWarnings() {
        // picocli warns on System.err when a description is not a valid format string (a bare '%').
        PrintStream saved = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run(new ReportCommand(), "--help"));
            assertEquals(0, run(new CompareCommand(), "--help"));
        } finally {
            System.setErr(saved);
        }
        assertEquals("", warnings.toString(StandardCharsets.UTF_8) + err);
        assertTrue(out.toString().contains("failed requests in % (default: 1.0)"), out.toString());
    }

    @Test
    void compareWithAMissingRun() {
        Path a = Fixtures.copy(Fixtures.RUN_A, tmp);
        assertEquals(1, run(new CompareCommand(), a.toString(), tmp.resolve("nope").toString()));
        assertEquals("compare: no such run folder: " + tmp.resolve("nope"), err.toString().trim());
    }
}
