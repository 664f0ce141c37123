package org.threadlab.reactive;

import org.threadlab.core.reliability.LocalHttp;
import org.threadlab.vertx.VertxServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.api.Api;
import org.threadlab.core.options.ServerOptions;

/** The transport: one port for all event loops, exact headers, bounded bodies, pipelining, start and stop. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReactiveServerTest {
    private static VertxServer server;
    private static LocalHttp http;

    @BeforeAll
    static void start() {
        server = ReactiveServer.onVertx(options("--db-latency", "5ms"), new VertxOptions());
        http = new LocalHttp(server.port());
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    static ServerOptions options(String... args) {
        String[] all = Arrays.copyOf(new String[] {"--port", "0"}, 2 + args.length);
        System.arraycopy(args, 0, all, 2, args.length);
        return ServerOptions.parse(ReactiveServer.MODEL, all);
    }

    @Test
    void everyEventLoopListensOnTheOnePortBound() {
        List<Integer> ports = server.verticlePorts();
        assertEquals(2 * Runtime.getRuntime().availableProcessors(), ports.size(), "--io-threads' default");
        assertTrue(server.port() > 0);
        assertEquals(Set.of(server.port()), Set.copyOf(ports));
    }

    @Test
    void ioThreadsSetsTheEventLoopsWhateverTheVertxOptionsSay() {
        try (VertxServer three = ReactiveServer.onVertx(options("--io-threads", "3"),
                new VertxOptions().setEventLoopPoolSize(7))) {
            assertEquals(3, three.verticlePorts().size());
            assertEquals(3, three.eventLoopThreads().size(), three.eventLoopThreads().toString());
        }
    }

    @Test
    void writesExactlyTheCoreHeadersAndTheLength() {
        HttpResponse<String> r = http.get("/api/items/1");
        assertEquals(200, r.statusCode());
        assertEquals(Set.of("content-type", "content-length", "x-concurrency-model"),
                r.headers().map().keySet().stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()));
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("reactive", r.headers().firstValue(Api.MODEL_HEADER).orElseThrow());
        assertEquals(r.body().getBytes(StandardCharsets.UTF_8).length,
                Integer.parseInt(r.headers().firstValue("Content-Length").orElseThrow()));
        assertTrue(r.body().contains("\"id\":1"), r.body());
    }

    @Test
    void passesTheRawTargetAndTheBodyToTheCore() {
        HttpResponse<String> created = http.post("/api/orders", "application/json",
                "{\"customerId\":1,\"itemId\":2,\"quantity\":3}");
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        assertEquals(200, http.get(location).statusCode());
        // %31 is "1" once decoded; the core sees the raw text and refuses it.
        assertEquals(400, http.get("/api/items/%31").statusCode());
        assertEquals(404, http.get("/api/nothing").statusCode());
    }

    @Test
    void aBodyPastTheLimitIsAnswered413AndTheConnectionLivesOn() {
        byte[] big = new byte[Api.MAX_BODY_BYTES + 1];
        Arrays.fill(big, (byte) 'a');
        HttpResponse<String> r = http.post("/api/orders", "application/json", big);
        assertEquals(413, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());

        // Streamed without a length: the limit holds for chunked bodies too.
        HttpRequest chunked = http.request("/api/orders").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[1 << 20])))
                .build();
        assertEquals(413, http.send(chunked).statusCode());

        byte[] exact = new byte[Api.MAX_BODY_BYTES];
        Arrays.fill(exact, (byte) ' ');
        assertEquals(400, http.post("/api/orders", "application/json", exact).statusCode(), "a body at the limit is read");
        assertEquals(200, http.get("/health").statusCode());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/items/7 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /api/orders/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String all = readAll(socket.getInputStream());
            int item = all.indexOf("\"id\":7");
            int health = all.indexOf("\"status\":\"UP\"");
            int order = all.indexOf("\"id\":3");
            assertTrue(item >= 0 && item < health && health < order, all);
            assertEquals(3, all.split("HTTP/1.1 200 OK", -1).length - 1, all);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        in.transferTo(data);
        return data.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aTakenPortFailsTheStartAndLeavesNoEventLoopBehind() throws InterruptedException {
        long before = eventLoopThreads();
        ServerOptions taken = ServerOptions.parse(ReactiveServer.MODEL, "--port", Integer.toString(server.port()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ReactiveServer.onVertx(taken, new VertxOptions()));
        assertTrue(causes(e).stream().anyMatch(BindException.class::isInstance), e::toString);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (eventLoopThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(before, eventLoopThreads());
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static long eventLoopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("vert.x-eventloop-thread-"))
                .count();
    }

    @Test
    void closeLetsARequestInFlightFinishThenRefusesConnections() throws Exception {
        VertxServer slow = ReactiveServer.onVertx(options("--db-latency", "300ms"), new VertxOptions());
        int port = slow.port();
        try (LocalHttp client = new LocalHttp(port)) {
            CompletableFuture<HttpResponse<String>> inFlight =
                    CompletableFuture.supplyAsync(() -> client.get("/api/items/1"));
            awaitInFlight(client, 1);
            slow.close();
            assertEquals(200, inFlight.get(10, TimeUnit.SECONDS).statusCode());
        } finally {
            slow.close();
        }
        try (Socket socket = new Socket()) {
            assertThrows(ConnectException.class, () -> socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000));
        }
    }

    /** Polls /stats (always served) until the server holds {@code n} API requests. */
    private static void awaitInFlight(LocalHttp client, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!client.get("/stats").body().contains("\"inFlight\":" + n + ",")) {
            assertFalse(System.nanoTime() > deadline, "the request never reached the server");
            Thread.sleep(5);
        }
    }
}
