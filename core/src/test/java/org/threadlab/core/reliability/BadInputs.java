package org.threadlab.core.reliability;

import static org.threadlab.core.reliability.Outcome.closed;
import static org.threadlab.core.reliability.Outcome.engine;
import static org.threadlab.core.reliability.Outcome.failure;
import static org.threadlab.core.reliability.Outcome.malformed;
import static org.threadlab.core.reliability.Outcome.ok;
import static org.threadlab.core.reliability.Outcome.problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.threadlab.core.api.TransportFailure;
import org.threadlab.core.reliability.BadInput.Layer;

/**
 * The bad-input battery: every malformed, oversized, smuggling-shaped or otherwise hostile request
 * the servers are sent at the socket level, with what they must answer.
 *
 * <p>Most rows are strict: every server reacts the same way, with core's body. The rows where an
 * engine cannot be made to agree point into {@link #DIFFERENCES}, the one list of unavoidable
 * engine differences, which the README reproduces; nothing else in the suite allows a difference.
 *
 * <p>The battery server runs with {@link #OPTIONS}: limits below the engines' own defaults, so that
 * a server that does not pass {@code --max-request-line} and {@code --max-header-size} to its
 * engine fails the oversize rows.
 */
public final class BadInputs {
    /** The request-line limit of the battery server. */
    public static final int REQUEST_LINE_LIMIT = 2048;
    /** The header-size limit of the battery server. */
    public static final int HEADER_SIZE_LIMIT = 4096;
    /** The options of the battery server, besides port, seed and latency. */
    public static final List<String> OPTIONS = List.of("--max-request-line", Integer.toString(REQUEST_LINE_LIMIT),
            "--max-header-size", Integer.toString(HEADER_SIZE_LIMIT));

    /**
     * An engine difference that no transport code can remove.
     *
     * @param input    the kind of input
     * @param allowed  what a server may do
     * @param engines  what each engine does, as measured
     * @param why      why it cannot be made identical
     */
    public record Difference(String input, List<Outcome> allowed, String engines, String why) {
        public Difference {
            allowed = List.copyOf(allowed);
        }
    }

    /** The one list of allowed differences, by key. The battery, slow-client and README use only these. */
    public static final Map<String, Difference> DIFFERENCES = differences();

    private static final String HOST = "Host: localhost\r\n";
    private static final String JSON = "Content-Type: application/json\r\n";
    private static final String ORDER = "{\"itemId\":7,\"quantity\":1,\"customerId\":5}";
    /** Appended to framing attacks: a second request that a desynchronised server would answer. */
    private static final String SMUGGLED = "GET /api/items/1 HTTP/1.1\r\n" + HOST + "\r\n";
    private static final List<BadInput> ALL = build();

    private BadInputs() {
    }

    /** Every row, in the order sent. */
    public static List<BadInput> all() {
        return ALL;
    }

    private static Map<String, Difference> differences() {
        Map<String, Difference> d = new LinkedHashMap<>();
        d.put("unsupported-version", new Difference("a request line with a version other than HTTP/1.0 or HTTP/1.1 "
                + "(HTTP/9.9, FOO/1.1, the HTTP/2 preface)",
                List.of(failure(TransportFailure.VERSION_NOT_SUPPORTED), failure(TransportFailure.MALFORMED)),
                "Netty answers 505 for HTTP/9.9 and the preface but rejects FOO/1.1 as a malformed line (400); "
                        + "Helidon rejects some as a bad request line (400); Vert.x answers 505",
                "each engine's parser decides whether a bad version token is a malformed line or an unsupported "
                        + "version; both answers carry core's problem body"));
        d.put("http10-without-host", new Difference("an HTTP/1.0 request without Host",
                List.of(ok(), failure(TransportFailure.VERSION_NOT_SUPPORTED)),
                "Netty and Vert.x serve HTTP/1.0 (and close after the response); Helidon SE 4 speaks HTTP/1.1 only",
                "Helidon's HTTP/1.1 connection has no HTTP/1.0 mode; its 505 gets core's body"));
        d.put("leading-empty-line", new Difference("empty lines before the request line",
                List.of(ok(), failure(TransportFailure.MALFORMED)),
                "Netty and Vert.x skip them, as RFC 9112 2.2 recommends; Helidon rejects the request",
                "Helidon's prologue parser has no such leniency and no option for it"));
        d.put("obs-fold", new Difference("a header continued on the next line (obsolete line folding)",
                List.of(ok(), failure(TransportFailure.MALFORMED)),
                "Netty and Vert.x unfold it; Helidon rejects it (RFC 9112 5.2 allows either)",
                "a parser choice of each engine, not configurable"));
        d.put("empty-header-name", new Difference("a header line with an empty name (\": value\")",
                List.of(ok(), failure(TransportFailure.MALFORMED)),
                "Netty rejects it; Vert.x and Helidon accept it as a header named \"\", which nothing reads",
                "Vert.x and Helidon validate names without rejecting the empty one; core never sees headers"));
        d.put("method-case", new Difference("a method in lower case (\"get\"), which is not GET: methods are "
                + "case-sensitive (RFC 9110 9.1)",
                List.of(problem(405, "method-not-allowed"), ok()),
                "Netty and Vert.x pass the token as sent and core answers 405; Helidon upper-cases every method "
                        + "token while parsing, so the request arrives as GET",
                "Helidon's Method.create normalises the case and keeps no raw form of the token"));
        d.put("bad-chunk", new Difference("a chunk size that is not hex or overflows",
                List.of(failure(TransportFailure.MALFORMED), closed()),
                "Netty and Helidon let the transport answer 400; Vert.x fails the request and closes the connection",
                "Vert.x closes the connection on a body decoding error before the request's handlers can answer"));
        d.put("truncated", new Difference("a request cut short: Content-Length larger than the body sent, or headers "
                + "never finished, then the client shuts its side",
                List.of(failure(TransportFailure.MALFORMED), closed()),
                "engines either answer 400 into the half-closed connection or just close it",
                "there is no one to answer: both are correct, and no request reaches the API"));
        d.put("slow-client", new Difference("a client that sends a request byte by byte, slower than --read-timeout",
                List.of(failure(TransportFailure.REQUEST_TIMEOUT), closed()),
                "Netty can answer 408 before closing; Vert.x can while reading a body; Helidon's watchdog only closes",
                "a transport that cuts the connection from outside the connection's thread cannot write a response"));
        return java.util.Collections.unmodifiableMap(d);
    }

    private static List<BadInput> build() {
        List<BadInput> c = new ArrayList<>();
        requestLines(c);
        targets(c);
        headers(c);
        framing(c);
        bodies(c);
        methods(c);
        misc(c);
        return List.copyOf(c);
    }

    private static void requestLines(List<BadInput> c) {
        c.add(strict("line-not-http", Layer.ENGINE, "HELLO\r\n\r\n", failure(TransportFailure.MALFORMED)));
        c.add(strict("line-without-version", Layer.ENGINE, "GET /health\r\n" + HOST + "\r\n",
                failure(TransportFailure.MALFORMED)));
        c.add(strict("line-extra-token", Layer.ENGINE, "GET /health HTTP/1.1 extra\r\n" + HOST + "\r\n",
                failure(TransportFailure.MALFORMED)));
        c.add(strict("line-empty-method", Layer.ENGINE, " /health HTTP/1.1\r\n" + HOST + "\r\n", malformed()));
        c.add(strict("line-method-not-a-token", Layer.ENGINE, "GE(T /health HTTP/1.1\r\n" + HOST + "\r\n",
                malformed()));
        c.add(strict("line-tab-in-target", Layer.ENGINE, "GET /he\talth HTTP/1.1\r\n" + HOST + "\r\n", malformed()));
        c.add(strict("line-nul-in-target", Layer.CORE, "GET /health\u0000 HTTP/1.1\r\n" + HOST + "\r\n", malformed()));
        c.add(strict("line-control-char-in-target", Layer.CORE, "GET /he\u0001alth HTTP/1.1\r\n" + HOST + "\r\n",
                malformed()));
        c.add(strict("line-bare-lf", Layer.ENGINE, "GET /health HTTP/1.1\n" + "Host: localhost\n\n",
                failure(TransportFailure.MALFORMED)));
        c.add(differing("line-leading-empty-lines", Layer.ENGINE, "\r\n\r\nGET /health HTTP/1.1\r\n" + HOST + "\r\n",
                "leading-empty-line"));
        c.add(differing("line-version-9", Layer.ENGINE, "GET /health HTTP/9.9\r\n" + HOST + "\r\n",
                "unsupported-version"));
        c.add(differing("line-version-not-http", Layer.ENGINE, "GET /health FOO/1.1\r\n" + HOST + "\r\n",
                "unsupported-version"));
        c.add(differing("line-http2-preface", Layer.ENGINE, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "unsupported-version"));
        c.add(strict("line-under-limit", Layer.CORE, "GET " + targetOfLength(REQUEST_LINE_LIMIT * 3 / 4)
                + " HTTP/1.1\r\n" + HOST + "\r\n", ok()));
        c.add(strict("line-over-limit", Layer.ENGINE, "GET " + targetOfLength(REQUEST_LINE_LIMIT + 500)
                + " HTTP/1.1\r\n" + HOST + "\r\n", failure(TransportFailure.REQUEST_LINE_TOO_LONG)));
        c.add(strict("line-far-over-limit", Layer.ENGINE, "GET " + targetOfLength(REQUEST_LINE_LIMIT * 4)
                + " HTTP/1.1\r\n" + HOST + "\r\n", failure(TransportFailure.REQUEST_LINE_TOO_LONG)));
        c.add(differing("http10-without-host", Layer.ENGINE, "GET /health HTTP/1.0\r\n\r\n", "http10-without-host"));
    }

    private static void targets(List<BadInput> c) {
        c.add(strict("target-absolute-form", Layer.CORE, "GET http://localhost/health HTTP/1.1\r\n" + HOST + "\r\n",
                ok()));
        c.add(strict("target-asterisk", Layer.CORE, "GET * HTTP/1.1\r\n" + HOST + "\r\n", problem(404, "not-found")));
        c.add(strict("target-without-slash", Layer.CORE, "GET health HTTP/1.1\r\n" + HOST + "\r\n",
                problem(404, "not-found")));
        c.add(strict("target-raw-invalid-utf8", Layer.CORE,
                "GET /api/items/\u00ff\u00fe HTTP/1.1\r\n" + HOST + "\r\n", malformed()));
        c.add(strict("target-raw-non-ascii", Layer.CORE, "GET /api/items?category=b\u00c3\u00b6oks HTTP/1.1\r\n"
                + HOST + "\r\n", malformed()));
        c.add(strict("target-escaped-invalid-utf8-query", Layer.CORE,
                "GET /api/items?category=%ff%fe HTTP/1.1\r\n" + HOST + "\r\n", problem(400, "bad-request")));
        c.add(strict("target-escaped-invalid-utf8-path", Layer.CORE,
                "GET /api/items/%ff%fe HTTP/1.1\r\n" + HOST + "\r\n", problem(400, "bad-request")));
    }

    private static void headers(List<BadInput> c) {
        String get = "GET /health HTTP/1.1\r\n" + HOST;
        Outcome malformed = failure(TransportFailure.MALFORMED);
        c.add(strict("header-without-colon", Layer.ENGINE, get + "NoColonHere\r\n\r\n", malformed));
        c.add(strict("header-space-before-colon", Layer.ENGINE, get + "X-Bad : v\r\n\r\n", malformed));
        c.add(strict("header-control-char-in-name", Layer.ENGINE, get + "X-B\u0001ad: v\r\n\r\n", malformed));
        c.add(strict("header-control-char-in-value", Layer.ENGINE, get + "X-Bad: a\u0001b\r\n\r\n", malformed));
        c.add(strict("header-nul-in-value", Layer.ENGINE, get + "X-Bad: a\u0000b\r\n\r\n", malformed));
        c.add(differing("header-empty-name", Layer.ENGINE, get + ": v\r\n\r\n", "empty-header-name"));
        c.add(differing("header-obs-fold", Layer.ENGINE, get + "X-Fold: a\r\n b\r\n\r\n", "obs-fold"));
        c.add(strict("header-value-obs-text", Layer.CORE, get + "X-Latin: caf\u00e9\r\n\r\n", ok()));
        c.add(strict("headers-under-limit", Layer.CORE, get + "X-Big: " + "b".repeat(HEADER_SIZE_LIMIT * 3 / 4)
                + "\r\n\r\n", ok()));
        c.add(strict("headers-one-field-over-limit", Layer.ENGINE, get + "X-Big: "
                + "b".repeat(HEADER_SIZE_LIMIT + 1000) + "\r\n\r\n", failure(TransportFailure.HEADERS_TOO_LARGE)));
        c.add(strict("headers-many-fields-over-limit", Layer.ENGINE, get
                + ("X-Many: " + "m".repeat(90) + "\r\n").repeat(HEADER_SIZE_LIMIT / 100 + 20) + "\r\n",
                failure(TransportFailure.HEADERS_TOO_LARGE)));
        c.add(strict("headers-far-over-limit", Layer.ENGINE, get
                + ("X-Many: " + "m".repeat(990) + "\r\n").repeat(HEADER_SIZE_LIMIT * 4 / 1000) + "\r\n",
                failure(TransportFailure.HEADERS_TOO_LARGE)));
    }

    /** Request-smuggling shapes: each carries a second request that must never be answered. */
    private static void framing(List<BadInput> c) {
        String post = "POST /api/orders HTTP/1.1\r\n" + HOST + JSON;
        String chunkedBody = "0\r\n\r\n" + SMUGGLED;
        Outcome malformed = failure(TransportFailure.MALFORMED);
        c.add(strict("cl-then-te", Layer.ENGINE, post + "Content-Length: " + chunkedBody.length()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody, malformed));
        c.add(strict("te-then-cl", Layer.ENGINE, post + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
                + chunkedBody, malformed));
        c.add(strict("cl-twice-different", Layer.ENGINE, post + "Content-Length: 2\r\nContent-Length: "
                + (2 + SMUGGLED.length()) + "\r\n\r\n{}" + SMUGGLED, malformed));
        c.add(strict("cl-twice-same", Layer.ENGINE, post + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
                malformed));
        c.add(strict("cl-list", Layer.ENGINE, post + "Content-Length: 2, " + (2 + SMUGGLED.length()) + "\r\n\r\n{}"
                + SMUGGLED, malformed));
        c.add(strict("cl-negative", Layer.ENGINE, post + "Content-Length: -1\r\n\r\n" + SMUGGLED, malformed));
        c.add(strict("cl-not-a-number", Layer.ENGINE, post + "Content-Length: abc\r\n\r\n" + SMUGGLED, malformed));
        c.add(strict("cl-plus-sign", Layer.ENGINE, post + "Content-Length: +2\r\n\r\n{}" + SMUGGLED, malformed));
        c.add(strict("te-not-chunked", Layer.ENGINE, post + "Transfer-Encoding: gzip\r\n\r\n{}" + SMUGGLED, malformed));
        c.add(strict("te-chunked-not-last", Layer.ENGINE, post + "Transfer-Encoding: chunked, gzip\r\n\r\n"
                + chunkedBody, malformed));
        c.add(strict("te-unknown-coding", Layer.ENGINE, post + "Transfer-Encoding: xchunked\r\n\r\n" + chunkedBody,
                malformed));
        c.add(strict("te-chunked-twice", Layer.ENGINE, post + "Transfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + chunkedBody, malformed));
        c.add(strict("te-space-before-colon", Layer.ENGINE, post + "Transfer-Encoding : chunked\r\n\r\n" + chunkedBody,
                malformed));
        c.add(differing("chunk-size-not-hex", Layer.ENGINE, post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n"
                + chunkedBody, "bad-chunk"));
        c.add(differing("chunk-size-overflow", Layer.ENGINE, post + "Transfer-Encoding: chunked\r\n\r\n"
                + "fffffffffffffffffff\r\n{}\r\n" + chunkedBody, "bad-chunk"));
    }

    private static void bodies(List<BadInput> c) {
        String post = "POST /api/orders HTTP/1.1\r\n" + HOST + JSON;
        String invalidUtf8 = "{\"itemId\":7,\"quantity\":1,\"customerId\":5,\"note\":\"caf\u00c3\u00ff\"}";
        c.add(strict("body-invalid-utf8", Layer.CORE, post + "Content-Length: " + invalidUtf8.length() + "\r\n\r\n"
                + invalidUtf8, problem(400, "bad-request")));
        String big = "[" + "1,".repeat(35_000) + "1]";
        c.add(strict("body-over-limit-content-length", Layer.CORE, post + "Content-Length: " + big.length()
                + "\r\n\r\n" + big, problem(413, Outcome.slug(TransportFailure.BODY_TOO_LARGE))));
        StringBuilder chunked = new StringBuilder();
        for (int i = 0; i < big.length(); i += 4096) {
            String piece = big.substring(i, Math.min(big.length(), i + 4096));
            chunked.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        c.add(strict("body-over-limit-chunked", Layer.CORE, post + "Transfer-Encoding: chunked\r\n\r\n" + chunked,
                problem(413, Outcome.slug(TransportFailure.BODY_TOO_LARGE))));
        c.add(new BadInput("body-truncated", bytes(post + "Content-Length: 100\r\n\r\n" + ORDER.substring(0, 20)),
                Layer.ENGINE, DIFFERENCES.get("truncated").allowed(), "truncated", true, 1));
        c.add(new BadInput("headers-truncated", bytes("GET /health HTTP/1.1\r\n" + HOST + "X-Half: "), Layer.ENGINE,
                DIFFERENCES.get("truncated").allowed(), "truncated", true, 1));
    }

    private static void methods(List<BadInput> c) {
        c.add(strict("method-unknown", Layer.CORE, "BREW /api/items/1 HTTP/1.1\r\n" + HOST + "\r\n",
                problem(405, "method-not-allowed")));
        c.add(differing("method-lower-case", Layer.CORE, "get /health HTTP/1.1\r\n" + HOST + "\r\n", "method-case"));
        c.add(strict("method-long", Layer.CORE, "A".repeat(100) + " /health HTTP/1.1\r\n" + HOST + "\r\n",
                problem(405, "method-not-allowed")));
        c.add(strict("method-trace", Layer.CORE, "TRACE /health HTTP/1.1\r\n" + HOST + "\r\n",
                problem(405, "method-not-allowed")));
        c.add(strict("method-connect", Layer.CORE, "CONNECT localhost:443 HTTP/1.1\r\n" + HOST + "\r\n",
                problem(404, "not-found")));
    }

    private static void misc(List<BadInput> c) {
        String health = "GET /health HTTP/1.1\r\n" + HOST + "\r\n";
        c.add(new BadInput("pipelined-requests", bytes(health + "GET /api/items/1 HTTP/1.1\r\n" + HOST + "\r\n"
                + health), Layer.CORE, List.of(ok()), null, false, 3));
        c.add(strict("upgrade-to-h2c-ignored", Layer.ENGINE, "GET /health HTTP/1.1\r\n" + HOST
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n",
                ok()));
        c.add(strict("expect-unknown", Layer.CORE, "GET /health HTTP/1.1\r\n" + HOST + "Expect: teapot\r\n\r\n", ok()));
    }

    /** {@code /api/items?category=aaa...&limit=1}, exactly {@code length} characters long. */
    private static String targetOfLength(int length) {
        String head = "/api/items?limit=1&category=";
        return head + "a".repeat(length - head.length());
    }

    private static BadInput strict(String name, Layer layer, String request, Outcome outcome) {
        return new BadInput(name, bytes(request), layer, List.of(outcome), null, false, 1);
    }

    private static BadInput differing(String name, Layer layer, String request, String difference) {
        Difference d = DIFFERENCES.get(difference);
        if (d == null) {
            throw new IllegalStateException(name + ": no difference '" + difference + "'");
        }
        return new BadInput(name, bytes(request), layer, d.allowed(), difference, false, 1);
    }

    /** The text as bytes, one byte per char: the table writes raw bytes as chars 0-255. */
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@link #DIFFERENCES} as a Markdown table, for the README. */
    public static String differencesTable() {
        StringBuilder t = new StringBuilder("| input | allowed | engines | why |\n|---|---|---|---|\n");
        DIFFERENCES.values().forEach(d -> t.append("| ").append(d.input()).append(" | ")
                .append(d.allowed().stream().map(Outcome::toString).reduce((a, b) -> a + " or " + b).orElse(""))
                .append(" | ").append(d.engines()).append(" | ").append(d.why()).append(" |\n"));
        return t.toString();
    }
}
