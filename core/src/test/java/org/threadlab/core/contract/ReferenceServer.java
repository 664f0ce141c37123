package org.threadlab.core.contract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.threadlab.core.api.Api;
import org.threadlab.core.api.ApiRequest;
import org.threadlab.core.api.ApiResponse;
import org.threadlab.core.db.SimulatedDatabase;
import org.threadlab.core.options.RunningServer;
import org.threadlab.core.options.ServerOptions;

/**
 * The smallest transport that feeds core: HTTP/1.1 parsed by hand on a virtual thread per
 * connection, every request through {@link Api#serveBlocking}. It lets core run the contract
 * suite against itself, so that the table is proven against core before any real server, and
 * a failure in a server module points at that server's transport.
 */
public final class ReferenceServer implements RunningServer {
    private static final int MAX_HEADER_LINE = 16 * 1024;

    private final ServerSocket socket;
    private final SimulatedDatabase database;
    private final Api api;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private ReferenceServer(ServerOptions options) throws IOException {
        database = SimulatedDatabase.create(options);
        api = new Api(options.model(), database, options.maxInFlight(), null);
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(options.host()), options.port()), 4096);
        acceptor = Thread.ofPlatform().name("reference-acceptor").daemon().start(this::accept);
    }

    public static RunningServer start(ServerOptions options) throws IOException {
        return new ReferenceServer(options);
    }

    @Override
    public int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                open.add(s);
                connections.submit(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                String[] parts = requestLine.split(" ");
                if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                line.substring(colon + 1).trim());
                    }
                }
                Body body = readBody(in, headers);
                if (body == null) {
                    return;
                }
                ApiRequest request = ApiRequest.ofTarget(parts[0], parts[1], headers.get("content-type"),
                        body.bytes(), body.tooLarge());
                write(out, api.serveBlocking(request, fanOut));
                if ("close".equalsIgnoreCase(headers.get("connection"))) {
                    return;
                }
            }
        } catch (IOException e) {
            // the peer went away
        } finally {
            open.remove(s);
        }
    }

    private record Body(byte[] bytes, boolean tooLarge) {
    }

    /** Reads the whole body, keeping at most MAX_BODY_BYTES of it; null when the stream broke. */
    private static Body readBody(InputStream in, Map<String, String> headers) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long total = 0;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    return null;
                }
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    for (String t = readLine(in); t != null && !t.isEmpty(); t = readLine(in)) {
                        // trailers are ignored
                    }
                    break;
                }
                total += copy(in, size, kept, total);
                readLine(in);
            }
        } else if (headers.containsKey("content-length")) {
            long length = Long.parseLong(headers.get("content-length"));
            total = copy(in, length, kept, 0);
            if (total < length) {
                return null;
            }
        }
        boolean tooLarge = total > Api.MAX_BODY_BYTES;
        return new Body(tooLarge ? new byte[0] : kept.toByteArray(), tooLarge);
    }

    /** Reads {@code n} bytes, keeping them while the body so far stays within the limit. */
    private static long copy(InputStream in, long n, ByteArrayOutputStream kept, long before) throws IOException {
        byte[] buffer = new byte[8192];
        long done = 0;
        while (done < n) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n - done));
            if (read < 0) {
                break;
            }
            if (before + done + read <= Api.MAX_BODY_BYTES) {
                kept.write(buffer, 0, read);
            }
            done += read;
        }
        return done;
    }

    private static void write(OutputStream out, ApiResponse response) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(" ")
                .append(reason(response.status())).append("\r\n")
                .append("Content-Type: ").append(response.contentType()).append("\r\n")
                .append("Content-Length: ").append(response.body().length).append("\r\n");
        response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(response.body());
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    /** A line without its CRLF; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() >= MAX_HEADER_LINE) {
                throw new IOException("header line too long");
            }
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
        connections.shutdownNow();
        fanOut.shutdownNow();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }
}
