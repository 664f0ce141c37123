package org.threadlab.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;

/** The real server on a socket: pipelining, shutdown and threads. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlockingServerTest {

    private static RunningServer start(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(List.of(args));
        return BlockingServer.start(ServerOptions.parse("blocking", all.toArray(String[]::new)));
    }

    /** Threads the server starts: request and fan-out pools, Netty's loops, the database timer. */
    private static List<String> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.matches("(worker|fanout)-\\d+|(accept|io)-\\d+-\\d+|db-timer"))
                .toList();
    }

    @Test
    void pipelinedResponsesComeBackInRequestOrder() throws Exception {
        // uniform latency: later requests often finish their query first if run concurrently.
        try (RunningServer server = start("--db-latency", "uniform:1ms..60ms");
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            StringBuilder requests = new StringBuilder();
            int n = 12;
            for (int i = 1; i <= n; i++) {
                requests.append("GET /api/items/").append(i).append(" HTTP/1.1\r\nHost: test\r\n\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            for (int i = 1; i <= n; i++) {
                String body = readResponse(in);
                assertTrue(body.startsWith("{\"id\":" + i + ","), "response " + i + " was " + body);
            }
        }
    }

    /** Reads one response with a Content-Length and returns its body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
        }
        int length = -1;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        assertTrue(length >= 0, "no Content-Length in " + head);
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void ioThreadsSetsNettysEventLoops() throws Exception {
        try (RunningServer server = start("--io-threads", "3", "--db-latency", "0ms")) {
            // Netty hands connections to its loops in turn and starts a loop's thread with its first one.
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    Socket socket = new Socket("127.0.0.1", server.port());
                    sockets.add(socket);
                    socket.setSoTimeout(5_000);
                    socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    assertTrue(socket.getInputStream().read() >= 0);
                }
                List<String> io = serverThreads().stream().filter(n -> n.startsWith("io-")).toList();
                assertEquals(3, io.size(), io.toString());
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void boundPortIsReportedForPortZero() throws Exception {
        try (RunningServer server = start()) {
            assertTrue(server.port() > 0);
        }
    }

    @Test
    void closeLetsRequestsInFlightFinishThenLeavesNoThreads() throws Exception {
        RunningServer server = start("--db-latency", "500ms", "--workers", "4");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            // The dashboard starts fan-out threads too.
            CompletableFuture<HttpResponse<String>> dashboard = client.sendAsync(
                    HttpRequest.newBuilder(base.resolve("/api/customers/1/dashboard")).build(),
                    HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> item = client.sendAsync(
                    HttpRequest.newBuilder(base.resolve("/api/items/1")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(200);
            assertTrue(serverThreads().stream().anyMatch(n -> n.startsWith("fanout-")), serverThreads().toString());
            long start = System.nanoTime();
            server.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(200, dashboard.get(5, TimeUnit.SECONDS).statusCode());
            assertEquals(200, item.get(5, TimeUnit.SECONDS).statusCode());
            assertTrue(closing.toMillis() < 5_000, "close took " + closing);
            assertEquals(List.of(), serverThreads(), "threads left after close");
        } finally {
            server.close();
            client.close();
        }
    }
}
