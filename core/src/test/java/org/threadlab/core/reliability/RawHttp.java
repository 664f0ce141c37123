package org.threadlab.core.reliability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.threadlab.core.contract.ContractResponse;

/**
 * HTTP/1.1 over a plain socket, byte for byte: sends what it is given, however broken, and reads
 * what comes back without trusting it. Every read is bounded, so a server that neither answers nor
 * closes costs a few seconds, never a hung build.
 */
public final class RawHttp {
    /** How long a read may wait for a server that should answer or close at once. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_LINE = 64 * 1024;

    private RawHttp() {
    }

    /**
     * What came back on one connection.
     *
     * @param responses    the complete responses read, interim (1xx) ones left out
     * @param closed       the server closed the connection (end of stream or reset) after them
     * @param extra        bytes that followed the expected responses before the connection closed
     * @param problem      why reading stopped short (a timeout, a broken response), or null
     */
    public record Result(List<ContractResponse> responses, boolean closed, byte[] extra, String problem) {
        @Override
        public String toString() {
            return responses.size() + " response(s) " + responses.stream().map(r -> Integer.toString(r.status())).toList()
                    + (closed ? ", then closed" : ", left open") + (extra.length > 0 ? ", then " + extra.length
                    + " more bytes: " + preview(extra) : "") + (problem == null ? "" : " [" + problem + "]");
        }
    }

    /**
     * Sends {@code request} on a new connection and reads up to {@code responses} responses; when
     * {@code awaitClose} holds for the responses read, then waits for the server to close the
     * connection and keeps whatever else it sends. (An answer that leaves the connection open is
     * not waited on for {@link #READ_TIMEOUT}: only an outcome that needs the close pays for it.)
     */
    public static Result exchange(int port, byte[] request, boolean halfClose, int responses,
                                  Predicate<List<ContractResponse>> awaitClose) {
        List<ContractResponse> read = new ArrayList<>();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            long start = System.nanoTime();
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // The server may answer and close before reading everything; what it wrote is still readable.
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (read.size() < responses) {
                ContractResponse r;
                try {
                    r = readResponse(in, start);
                } catch (EOFException e) {
                    return new Result(read, true, new byte[0], read.isEmpty() ? null : "closed after "
                            + read.size() + " of " + responses + " responses");
                } catch (SocketTimeoutException e) {
                    return new Result(read, false, new byte[0], "no complete response within "
                            + READ_TIMEOUT.toSeconds() + " s");
                } catch (IOException e) {
                    return new Result(read, true, new byte[0], read.isEmpty() ? null : "reset after " + read.size()
                            + " responses: " + e.getMessage());
                }
                if (r == null) {
                    return new Result(read, true, new byte[0], "closed after " + read.size() + " responses, "
                            + "in the middle of one");
                }
                read.add(r);
            }
            if (!awaitClose.test(read)) {
                return new Result(read, false, new byte[0], null);
            }
            ByteArrayOutputStream extra = new ByteArrayOutputStream();
            try {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    extra.write(buffer, 0, n);
                }
                return new Result(read, true, extra.toByteArray(), null);
            } catch (SocketTimeoutException e) {
                return new Result(read, false, extra.toByteArray(), "still open " + READ_TIMEOUT.toSeconds()
                        + " s after the response");
            } catch (IOException e) {
                return new Result(read, true, extra.toByteArray(), null);
            }
        } catch (IOException e) {
            return new Result(read, false, new byte[0], "cannot connect: " + e);
        }
    }

    /**
     * Reads one response, skipping interim 1xx ones. Throws EOFException when the stream ends before
     * its first byte; returns null when it ends in the middle of one.
     */
    static ContractResponse readResponse(InputStream in, long start) throws IOException {
        while (true) {
            String statusLine = readLine(in);
            if (statusLine == null) {
                throw new EOFException("closed before a response");
            }
            String[] parts = statusLine.split(" ", 3);
            // Only the status is trusted: an engine may echo a bogus version (Vert.x answers "FOO/1.1 501").
            if (parts.length < 2 || !parts[0].contains("/") || !parts[1].matches("\\d{3}")) {
                throw new IOException("not an HTTP status line: " + preview(statusLine.getBytes(StandardCharsets.ISO_8859_1)));
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line = readLine(in); ; line = readLine(in)) {
                if (line == null) {
                    return null;
                }
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("not a header line: " + line);
                }
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            byte[] body;
            List<String> te = headers.get("transfer-encoding");
            List<String> cl = headers.get("content-length");
            if (te != null && te.get(te.size() - 1).toLowerCase(Locale.ROOT).endsWith("chunked")) {
                body = readChunked(in);
            } else if (cl != null) {
                int length = Integer.parseInt(cl.get(0).trim());
                body = in.readNBytes(length);
                if (body.length < length) {
                    return null;
                }
            } else if (status == 204 || status == 304) {
                body = new byte[0];
            } else {
                body = in.readAllBytes();
            }
            if (body == null) {
                return null;
            }
            return new ContractResponse(status, headers, body, System.nanoTime() - start);
        }
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                return null;
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer = readLine(in); trailer != null && !trailer.isEmpty(); trailer = readLine(in)) {
                    // trailers are not used
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                return null;
            }
            body.write(chunk);
            readLine(in);
        }
    }

    /** A line without its CR LF; null at the end of the stream before any byte of it. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 120), StandardCharsets.ISO_8859_1);
        StringBuilder shown = new StringBuilder();
        for (char c : text.toCharArray()) {
            shown.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return shown + (bytes.length > 120 ? "..." : "");
    }

    /**
     * A client that sends {@code request} one byte every {@code pause}, starting at once, and
     * watches for the server to give up on it.
     *
     * @param afterFirst  bytes sent at once, before the slow part (a complete head, for a slow body)
     * @param giveUpAfter stop and report the connection as still open after this long
     */
    static Trickle trickle(int port, byte[] request, int afterFirst, Duration pause, Duration giveUpAfter) {
        long start = System.nanoTime();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int sent = 0;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
            socket.setSoTimeout((int) Math.max(1, pause.toMillis()));
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (afterFirst > 0) {
                out.write(request, 0, afterFirst);
                out.flush();
                sent = afterFirst;
            }
            long slowStart = System.nanoTime();
            byte[] buffer = new byte[8192];
            while (System.nanoTime() - start < giveUpAfter.toNanos()) {
                if (sent < request.length) {
                    try {
                        out.write(request[sent]);
                        out.flush();
                        sent++;
                    } catch (IOException e) {
                        return new Trickle(sent, Duration.ofNanos(System.nanoTime() - slowStart), true,
                                received.toByteArray());
                    }
                }
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return new Trickle(sent, Duration.ofNanos(System.nanoTime() - slowStart), true,
                                received.toByteArray());
                    }
                    received.write(buffer, 0, n);
                    if (sent == request.length && complete(received.toByteArray())) {
                        // Answered in full: the request was not cut off.
                        return new Trickle(sent, Duration.ofNanos(System.nanoTime() - slowStart), false,
                                received.toByteArray());
                    }
                } catch (SocketTimeoutException e) {
                    // the pause between two bytes
                } catch (IOException e) {
                    return new Trickle(sent, Duration.ofNanos(System.nanoTime() - slowStart), true,
                            received.toByteArray());
                }
            }
            return new Trickle(sent, Duration.ofNanos(System.nanoTime() - slowStart), false, received.toByteArray());
        } catch (IOException e) {
            return new Trickle(sent, Duration.ofNanos(System.nanoTime() - start), true, received.toByteArray());
        }
    }

    private static boolean complete(byte[] received) {
        try {
            return readResponse(new java.io.ByteArrayInputStream(received), 0) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * How a trickling client fared.
     *
     * @param cutAfter time from the first slow byte until the server closed (or until the answer, or giving up)
     * @param cut      the server closed the connection
     * @param received what the server wrote before that
     */
    record Trickle(int bytesSent, Duration cutAfter, boolean cut, byte[] received) {
        /** The response the server wrote before closing, or null. */
        ContractResponse response() {
            if (received.length == 0) {
                return null;
            }
            try {
                return readResponse(new java.io.ByteArrayInputStream(received), 0);
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return (cut ? "cut after " : "not cut after ") + cutAfter.toMillis() + " ms, " + bytesSent + " bytes sent"
                    + (received.length > 0 ? ", received: " + preview(received) : "");
        }
    }


    /** A response as sent: status, headers by lower-case name, body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A request with a Content-Length body (or none), as bytes. */
    public static byte[] request(String method, String target, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return h;
        }
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** A request with a chunked body, in chunks of 8 KiB, as bytes. */
    public static byte[] chunked(String method, String target, String contentType, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (int at = 0; at < body.length; at += 8192) {
            int n = Math.min(8192, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /**
     * A keep-alive HTTP/1.1 connection written byte by byte, so that a test controls exactly what the
     * server receives (odd targets, HEAD, broken framing) and sees exactly what it sends back.
     */
    public static final class Connection implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;

        public Connection(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
        }




        public void send(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        public Response exchange(byte[] request) throws IOException {
            send(request);
            return read(false);
        }

        /** Reads one response; {@code head} when it answers a HEAD request (no body follows). */
        public Response read(boolean head) throws IOException {
            String status = line();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
            String length = headers.get("content-length");
            byte[] body = head || length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            return new Response(Integer.parseInt(status.split(" ")[1]), headers, body);
        }

        /** True when the server closes the connection within the socket timeout, with nothing more sent. */
        public boolean closedByServer() throws IOException {
            try {
                return in.read() == -1;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new IOException("connection closed before a complete response");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
