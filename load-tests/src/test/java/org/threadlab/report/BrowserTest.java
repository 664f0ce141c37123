package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report as a reader gets it: headless Chromium (Debian's {@code chromium}) opens index.html
 * from disk with no network. No console message, every chart an SVG with all three servers drawn
 * in their colours, and a screenshot kept under target/browser/ as an artifact. Skipped only when
 * no Chromium binary exists.
 */
class BrowserTest {
    static final List<String> SERVERS = List.of("blocking", "virtual", "reactive");
    static final Path OUT = Path.of("target", "browser").toAbsolutePath();
    private static final Pattern FIGURE = Pattern.compile("<figure class=\"chart\"[^>]*data-chart=\"([^\"]+)\"[^>]*"
            + "data-servers=\"([^\"]*)\"[^>]*>(.*?)</figure>", Pattern.DOTALL);

    static Path chromium;

    @BeforeAll
    static void findChromium() throws IOException {
        chromium = chromiumBinary().orElse(null);
        // CI installs Chromium (.ci/run): there a missing browser is a failure, not a skip.
        Assertions.assertFalse(chromium == null && "true".equals(System.getenv("CI")),
                "CI=true but no Chromium binary: .ci/run should have installed Debian's 'chromium'");
        Assumptions.assumeTrue(chromium != null, "no Chromium binary (chromium, chromium-browser, google-chrome or "
                + "$CHROMIUM) on this machine: install Debian's 'chromium' package to run the browser tests");
        deleteTree(OUT);
        Files.createDirectories(OUT);
    }

    @Test
    void theRunReportRendersEveryChartWithAllThreeServers() throws Exception {
        Path run = Fixtures.copy(Fixtures.RUN_A, OUT);
        Path index = Reports.write(run, SloOptions.defaults());
        check(index, "report", 4 * 7);
    }

    @Test
    void theCompareReportRendersEveryChartWithAllThreeServers() throws Exception {
        Path a = Fixtures.copy(Fixtures.RUN_A, OUT.resolve("runs"));
        Path b = Fixtures.copy(Fixtures.RUN_B, OUT.resolve("runs"));
        Path index = Reports.compare(a, b, OUT.resolve("compare"), SloOptions.defaults());
        check(index, "compare", 4 * 6);
    }

    @Test
    void anIncompleteRunStillOpensCleanly() throws Exception {
        Path run = Fixtures.copy(Fixtures.INCOMPLETE, OUT.resolve("incomplete"));
        Browser result = browse(Reports.write(run, SloOptions.defaults()), "incomplete", "--dump-dom");
        assertNoConsoleMessages(result);
        assertTrue(result.stdout.contains("Incomplete run"), "the warning is on the page");
    }

    private void check(Path index, String name, int charts) throws Exception {
        Browser dom = browse(index, name, "--dump-dom");
        assertNoConsoleMessages(dom);
        Matcher m = FIGURE.matcher(dom.stdout);
        int seen = 0;
        while (m.find()) {
            seen++;
            String id = m.group(1);
            String body = m.group(3);
            assertTrue(body.contains("<svg"), id + ": no SVG");
            assertTrue(body.contains("<path"), id + ": nothing drawn");
            assertEquals(String.join(" ", SERVERS), m.group(2), id + ": servers with data");
            for (String server : SERVERS) {
                Color c = Palette.of(server);
                String stroke = "stroke:rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
                assertTrue(body.contains(stroke), id + ": no line drawn for " + server);
                assertTrue(Pattern.compile(">" + server + "( [^<]*)?</text>").matcher(body).find(),
                        id + ": no legend entry for " + server);
            }
        }
        assertEquals(charts, seen, "charts in the rendered page");

        Path top = OUT.resolve(name + ".png");
        assertNoConsoleMessages(browse(index, name, "--screenshot=" + top, "--window-size=1400,2600",
                "--hide-scrollbars"));
        BufferedImage image = ImageIO.read(top.toFile());
        assertEquals(1400, image.getWidth());
        for (String server : SERVERS) {
            assertTrue(pixelsNear(image, Palette.of(server)) > 300, name + ": " + server + " is not visible in " + top);
        }
        Path full = OUT.resolve(name + "-full.png");
        browse(index, name, "--screenshot=" + full, "--window-size=1400,12000", "--hide-scrollbars");
        assertTrue(Files.size(full) > 0);
    }

    /** A Chromium run on a file:// URL with a fresh profile and no network. */
    record Browser(int exit, String stdout, List<String> log) {
    }

    private static Browser browse(Path page, String name, String... extra) throws Exception {
        Path profile = Files.createTempDirectory(OUT, "profile-");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                // no network at all: any host lookup fails
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        Path stdout = OUT.resolve(name + "-stdout.txt");
        Path stderr = OUT.resolve(name + "-chromium.log");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("Chromium did not finish within 120 s on " + page + " (" + stderr + ")");
        }
        deleteTree(profile);
        Browser b = new Browser(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readAllLines(stderr, StandardCharsets.UTF_8));
        assertEquals(0, b.exit(), "Chromium failed on " + page + ": " + String.join("\n", b.log()));
        return b;
    }

    /** Chromium logs every console message of the page as ":CONSOLE"; any page error mentions the file URL. */
    private static void assertNoConsoleMessages(Browser b) {
        List<String> bad = b.log().stream()
                .filter(l -> l.contains(":CONSOLE") || (l.contains("ERROR") && l.contains("file://"))
                        || l.contains("net::ERR_"))
                .toList();
        assertTrue(bad.isEmpty(), "console messages or load errors:\n" + String.join("\n", bad));
    }

    private static int pixelsNear(BufferedImage image, Color c) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y += 1) {
            for (int x = 0; x < image.getWidth(); x += 1) {
                int rgb = image.getRGB(x, y);
                int dr = ((rgb >> 16) & 0xff) - c.getRed();
                int dg = ((rgb >> 8) & 0xff) - c.getGreen();
                int db = (rgb & 0xff) - c.getBlue();
                if (dr * dr + dg * dg + db * db < 400) {
                    n++;
                }
            }
        }
        return n;
    }

    static Optional<Path> chromiumBinary() {
        List<String> names = new ArrayList<>();
        String env = System.getenv("CHROMIUM");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
            names.add(env);
        }
        names.addAll(List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"));
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
