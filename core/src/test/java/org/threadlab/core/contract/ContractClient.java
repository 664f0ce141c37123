package org.threadlab.core.contract;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends contract requests with {@link HttpClient} (HTTP/1.1, keep-alive). A request target that
 * {@link URI} refuses, such as {@code ?limit=%zz}, cannot be sent by HttpClient at all; those go
 * over a plain socket, written by hand, so that the servers still see the exact bytes.
 */
public final class ContractClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final String host;
    private final int port;
    private final HttpClient http;

    public ContractClient(String host, int port) {
        this(host, port, Duration.ofSeconds(5));
    }

    /** @param connectTimeout longer for bursts of new connections on a loaded machine */
    public ContractClient(String host, int port, Duration connectTimeout) {
        this.host = host;
        this.port = port;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    public int port() {
        return port;
    }

    /** Sends one case of the table; {@code earlier} holds the responses to the cases before it. */
    public ContractResponse send(ContractCase c, Map<String, ContractResponse> earlier) {
        return send(c.method(), c.resolveTarget(earlier), c.contentType(), c.body(), c.chunked());
    }

    public ContractResponse get(String target) {
        return send("GET", target, null, null, false);
    }

    /**
     * @param body null for a request without a body
     */
    public ContractResponse send(String method, String target, String contentType, byte[] body, boolean chunked) {
        URI uri;
        try {
            uri = URI.create("http://" + host + ":" + port + target);
        } catch (IllegalArgumentException e) {
            return sendRaw(method, target, contentType, body, chunked);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).method(method, publisher);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ContractResponse(response.statusCode(), response.headers().map(), response.body(),
                    System.nanoTime() - start);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One request on its own connection, written byte by byte as given. */
    ContractResponse sendRaw(String method, String target, String contentType, byte[] body, boolean chunked) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(':').append(port).append("\r\n")
                    .append("Connection: close\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body != null) {
                head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                if (chunked) {
                    if (body.length > 0) {
                        out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(body);
                        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    out.write(body);
                }
            }
            out.flush();
            return readResponse(new BufferedInputStream(socket.getInputStream()), start);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + " failed: " + e, e);
        }
    }

    private static ContractResponse readResponse(InputStream in, long start) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        byte[] body;
        List<String> te = headers.get("transfer-encoding");
        List<String> cl = headers.get("content-length");
        if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                buffer.write(in.readNBytes(size));
                readLine(in);
            }
            body = buffer.toByteArray();
        } else if (cl != null) {
            int length = Integer.parseInt(cl.get(0));
            body = in.readNBytes(length);
            if (body.length != length) {
                throw new IOException("connection closed after " + body.length + " of " + length + " body bytes");
            }
        } else {
            body = in.readAllBytes();
        }
        return new ContractResponse(status, headers, body, System.nanoTime() - start);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("connection closed before a complete response");
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() {
        http.close();
    }
}
