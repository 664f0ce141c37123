package org.threadlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    private static final Pattern MD_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HREF = Pattern.compile("(?:href|src)=\"([^\"#][^\"]*)\"");

    @TempDir
    Path tmp;

    @Test
    void writesEveryFileOfTheReport() throws Exception {
        Path run = Fixtures.copy(Fixtures.RUN_A, tmp);
        Path index = Reports.write(run, SloOptions.defaults());
        assertEquals(run.resolve("index.html"), index);
        for (String f : List.of("index.html", "summary.md", "summary.json", "summary.csv",
                "charts/capacity-throughput.png", "charts/spike-threads.png")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        String html = Files.readString(index);
        assertEquals(4 * 7, count(html, "<figure class=\"chart\""), "7 charts per scenario");
        assertFalse(html.contains("<script"), "no script needed");
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "nothing from the network");
        assertTrue(html.contains("Verdict:</b> blocking stops scaling at 200 clients"));
        String pivot = html.substring(html.indexOf("<h3>Highest load meeting the SLO, per scenario</h3>"));
        pivot = pivot.substring(0, pivot.indexOf("</table>"));
        assertEquals(1 + 3, count(pivot, "<tr>"), "a header and one row per server: " + pivot);
        assertTrue(pivot.contains("<th>capacity</th><th>latency</th><th>mixed</th><th>spike</th>"), pivot);
        assertEquals(3 * 4, count(pivot, "<td><b>") + count(pivot, "<td>not measured"), "a cell per server and scenario");
    }

    @Test
    void summaryMdLinksOnlyToFilesThatExist() throws Exception {
        for (String name : List.of(Fixtures.RUN_A, Fixtures.RUN_B, Fixtures.INCOMPLETE)) {
            Path run = Fixtures.copy(name, tmp);
            Reports.write(run, SloOptions.defaults());
            String md = Files.readString(run.resolve("summary.md"));
            List<String> links = links(MD_LINK, md);
            assertTrue(links.size() > 20, name + ": " + links);
            for (String link : links) {
                assertTrue(Files.exists(run.resolve(link)), name + ": summary.md links to missing " + link);
            }
            if (name.equals(Fixtures.INCOMPLETE)) {
                assertFalse(md.contains("environment.json"), "the incomplete run has no environment.json");
                assertFalse(md.contains("[reactive](gatling/"), "reactive's Gatling reports were never written");
            }
        }
    }

    @Test
    void indexHtmlLinksOnlyToFilesThatExist() throws Exception {
        Path run = Fixtures.copy(Fixtures.INCOMPLETE, tmp);
        Path index = Reports.write(run, SloOptions.defaults());
        for (String link : links(HREF, Files.readString(index))) {
            assertTrue(Files.exists(run.resolve(link)), "index.html links to missing " + link);
        }
    }

    @Test
    void theHeaderNamesTheCpuSetsAndTheBudget() throws Exception {
        Path run = Fixtures.copy(Fixtures.RUN_A, tmp);
        Path env = run.resolve("environment.json");
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) RunData.JSON.readTree(env.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode settings = root.with("settings");
        settings.putObject("cpus").put("layout", "pinned").put("server", "1").put("generator", "0");
        settings.put("serverCpuLimit", 0.5).put("cpuQuotaPeriod", "10ms");
        RunData.JSON.writeValue(env.toFile(), root);
        String html = Files.readString(Reports.write(run, SloOptions.defaults()));
        assertTrue(html.contains("server on CPU 1, Gatling and the lab on CPU 0 · server CPU budget 0.5 core "
                + "(quota period 10ms)"), html.substring(0, Math.min(html.length(), 3000)));
    }

    @Test
    void summaryJsonAndCsvCarryTheVerdicts() throws Exception {
        Path run = Fixtures.copy(Fixtures.RUN_A, tmp);
        Reports.write(run, new SloOptions(300, 1));
        JsonNode json = RunData.JSON.readTree(run.resolve("summary.json").toFile());
        assertEquals(300, json.path("slo").path("p99Ms").asDouble());
        JsonNode blocking = json.path("servers").get(0);
        assertEquals("blocking", blocking.path("server").asText());
        assertEquals(200, blocking.path("scenarios").path("capacity").path("sloLevel").asDouble(),
                "p99 466 ms at 800 clients misses a 300 ms SLO");
        assertTrue(blocking.path("verdict").asText().startsWith("blocking stops scaling at 200 clients"));
        List<String> csv = Fixtures.lines(run.resolve("summary.csv"));
        assertEquals(1 + 3 * 4, csv.size());
        assertTrue(csv.get(0).startsWith("server,scenario,sloLevel,"));
        assertTrue(csv.get(1).startsWith("blocking,capacity,200,measure,clients,"), csv.get(1));
    }

    @Test
    void anIncompleteRunSaysSoUpFront() throws Exception {
        Path run = Fixtures.copy(Fixtures.INCOMPLETE, tmp);
        String html = Files.readString(Reports.write(run, SloOptions.defaults()));
        int warnings = html.indexOf("class=\"warnings\"");
        assertTrue(warnings > 0 && warnings < html.indexOf("id=\"summary\""), "warnings before the summary");
        assertTrue(html.contains("Incomplete run (status incomplete): server reactive died"));
        assertTrue(html.contains("Gatling assertions failed against blocking"));
        assertTrue(html.contains("No environment.json in this run"));
        assertTrue(html.contains("reactive (none on disk)"));
    }

    @Test
    void compareWritesItsOwnReport() throws Exception {
        Path a = Fixtures.copy(Fixtures.RUN_A, tmp);
        Path b = Fixtures.copy(Fixtures.RUN_B, tmp);
        Reports.write(a, SloOptions.defaults());
        Path index = Reports.compare(a, b, null, SloOptions.defaults());
        Path out = tmp.resolve("compare-" + Fixtures.RUN_A + "-vs-" + Fixtures.RUN_B);
        assertEquals(out.resolve("index.html"), index);
        String html = Files.readString(index);
        assertTrue(html.contains("settings.workers"), "the settings that differ are listed");
        assertEquals(4 * 6, count(html, "<figure class=\"chart\""));
        assertTrue(html.contains("class=\"num better\""), "ratios are coloured");
        for (String link : links(HREF, html)) {
            assertTrue(Files.exists(out.resolve(link)), "compare links to missing " + link);
        }
        for (String link : links(MD_LINK, Files.readString(out.resolve("summary.md")))) {
            assertTrue(Files.exists(out.resolve(link)), "compare summary.md links to missing " + link);
        }
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static List<String> links(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
