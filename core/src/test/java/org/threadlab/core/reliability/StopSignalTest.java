package org.threadlab.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * ServerMain in a process of its own: SIGTERM stops it with exit status 0, not the JVM's
 * default 143. The server here is core's ReferenceServer; the in-flight guarantees of each real
 * server are checked by {@link ReliabilitySuite} through {@code close()}, which SIGTERM triggers.
 */
@DisabledOnOs(OS.WINDOWS)
class StopSignalTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sigtermStopsTheServerAndExitsZero() throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(List.of(java, "-cp", classPath, ReferenceServerMain.class.getName(),
                "--port", "0", "--db-latency", "1ms", "--shutdown-timeout", "2s"))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            String line = firstLine.get(30, TimeUnit.SECONDS);
            assertNotNull(line, "the server printed nothing");
            Matcher m = LISTENING.matcher(line);
            assertTrue(m.find(), () -> "not a listening line: " + line);
            int port = Integer.parseInt(m.group(1));
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode());
            }
            assertTrue(process.toHandle().destroy(), "SIGTERM could not be sent");
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the server did not stop within 20 s of SIGTERM");
            assertEquals(0, process.exitValue(), "exit status after SIGTERM");
        } finally {
            process.destroyForcibly();
        }
    }
}
