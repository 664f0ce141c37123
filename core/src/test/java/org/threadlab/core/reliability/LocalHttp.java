package org.threadlab.core.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An HTTP/1.1 keep-alive client (the JDK's) for one local server, for tests that need well-formed
 * requests only; {@link RawHttp} is the one for bytes the tests write themselves.
 */
public final class LocalHttp implements AutoCloseable {
    private final int port;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public LocalHttp(int port) {
        this.port = port;
    }

    public HttpResponse<String> get(String target) {
        return send(request(target).GET().build());
    }

    public HttpResponse<String> post(String target, String contentType, byte[] body) {
        return send(request(target).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResponse<String> post(String target, String contentType, String body) {
        return post(target, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public HttpRequest.Builder request(String target) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target)).timeout(Duration.ofSeconds(20));
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code n} GETs of {@code /api/items/{1 + i % 50}} sent at once (each on its own connection, as
     * HTTP/1.1 allows one request at a time per connection); the future completes with all answers.
     */
    public java.util.concurrent.CompletableFuture<java.util.List<HttpResponse<String>>> burstOfItems(int n) {
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> all = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(client.sendAsync(request("/api/items/" + (1 + i % 50)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        return java.util.concurrent.CompletableFuture.allOf(all.toArray(java.util.concurrent.CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(java.util.concurrent.CompletableFuture::join).toList());
    }

    @Override
    public void close() {
        client.close();
    }
}
