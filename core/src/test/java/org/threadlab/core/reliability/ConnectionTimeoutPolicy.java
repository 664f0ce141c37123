package org.threadlab.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.threadlab.core.contract.ContractResponse;
import org.threadlab.core.options.RunningServer;

/**
 * Slow and idle clients: {@code --read-timeout} cuts a request that does not arrive in time while others are served; {@code --idle-timeout} closes idle connections and never one being served.
 * One policy of the {@link ReliabilitySuite}; it runs unless the subclass leaves {@code Policy.CONNECTION_TIMEOUTS} out
 * of {@link ReliabilityHarness#policies()}.
 */
public abstract class ConnectionTimeoutPolicy extends BadInputPolicy {
    // ---- slow and idle clients ------------------------------------------------------------------

    /**
     * Clients that send a request one byte every 50 ms (its head, its body, or a second request on
     * a kept-alive connection) are cut off within {@code --read-timeout} (1 s, plus slack), while a
     * client that is slow but within the timeout is served, and so is everyone else meanwhile.
     * {@code --idle-timeout} is 10 s here, so only the read timeout can cut them off in time.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    final void slowClientsAreCutOffWhileOthersAreServed(TestReporter reporter) throws Exception {
        assumePolicy(Policy.CONNECTION_TIMEOUTS);
        assumeFeature(EngineFeature.CONNECTION_TIMEOUTS);
        Duration readTimeout = Duration.ofSeconds(1);
        RunningServer server = startServer("--read-timeout", "1s", "--idle-timeout", "10s");
        int port = server.port();
        Duration pause = Duration.ofMillis(50);
        Duration giveUp = readTimeout.plus(SLACK).plusSeconds(2);
        byte[] slowHead = ascii("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + "p".repeat(200) + "\r\n\r\n");
        String body = "{\"itemId\":7,\"quantity\":1,\"customerId\":5,\"pad\":\"" + "p".repeat(150) + "\"}";
        String head = "POST /api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n";
        byte[] slowBody = ascii(head + body);
        String first = "GET /api/items/1 HTTP/1.1\r\nHost: localhost\r\n\r\n";
        byte[] slowSecond = ascii(first + "GET /api/items/2 HTTP/1.1\r\nHost: localhost\r\nX-Pad: "
                + "p".repeat(200) + "\r\n\r\n");
        byte[] inTime = ascii("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

        List<SlowClient> slowClients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slowClients.add(new SlowClient("slow head " + i, slowHead, 0, pause, Expect.CUT_OFF));
            slowClients.add(new SlowClient("slow body " + i, slowBody, head.length(), pause, Expect.CUT_OFF));
        }
        for (int i = 0; i < 2; i++) {
            slowClients.add(new SlowClient("slow second request " + i, slowSecond, first.length(), pause,
                    Expect.FIRST_SERVED_THEN_CUT_OFF));
            slowClients.add(new SlowClient("slow but in time " + i, inTime, 0, Duration.ofMillis(10),
                    Expect.SERVED));
        }
        Map<SlowClient, Future<RawHttp.Trickle>> slow = new java.util.LinkedHashMap<>();
        List<Long> normalMs = new CopyOnWriteArrayList<>();
        List<String> normalFailures = new CopyOnWriteArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SlowClient c : slowClients) {
                slow.put(c, clients.submit(() -> RawHttp.trickle(port, c.bytes(), c.fastPrefix(), c.pause(), giveUp)));
            }
            HttpClient http = httpClient();
            long until = System.nanoTime() + readTimeout.plusSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                long start = System.nanoTime();
                try {
                    int status = send(http, server, "GET", "/api/items/1", null).statusCode();
                    if (status != 200) {
                        normalFailures.add("status " + status);
                    }
                } catch (IOException e) {
                    normalFailures.add(e.toString());
                }
                normalMs.add((System.nanoTime() - start) / 1_000_000);
                Thread.sleep(20);
            }
            AllowedAnswers allowed = new AllowedAnswers(BadInputs.DIFFERENCES.get("slow-client"));
            List<String> problems = new ArrayList<>();
            for (Map.Entry<SlowClient, Future<RawHttp.Trickle>> e : slow.entrySet()) {
                RawHttp.Trickle t = e.getValue().get(giveUp.plusSeconds(10).toSeconds(), TimeUnit.SECONDS);
                report(reporter, e.getKey().name(), t.toString());
                String problem = e.getKey().check(t, responses(t.received()), readTimeout, giveUp, allowed, this);
                if (problem != null) {
                    problems.add(e.getKey().name() + ": " + problem);
                }
            }
            assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        }
        report(reporter, "normal requests meanwhile (ms)", normalMs.toString());
        assertTrue(normalFailures.isEmpty(), () -> "normal requests failed meanwhile: " + normalFailures);
        assertTrue(normalMs.size() >= 10, "normal requests were served meanwhile: " + normalMs);
        long worst = Collections.max(normalMs);
        assertTrue(worst < 2000, () -> "slow clients held up others: a normal request took " + worst + " ms");
        assertEquals(200, send(httpClient(), server, "GET", "/health", null).statusCode());
    }

    /** The allowed answers of a {@link BadInputs.Difference}, applied to what a slow client received. */
    /** What a slow client must get. */
    private enum Expect {
        /** It sends slowly but within --read-timeout: served. */
        SERVED,
        /** Its request does not arrive in time: cut off near --read-timeout, with an allowed answer or none. */
        CUT_OFF,
        /** A complete request, then a slow one on the same connection: the first served, the second cut off. */
        FIRST_SERVED_THEN_CUT_OFF
    }

    /**
     * One slow client: what it sends, how many bytes go at once before it trickles the rest a byte
     * per {@code pause}, and what it must get.
     */
    private record SlowClient(String name, byte[] bytes, int fastPrefix, Duration pause, Expect expect) {
        /** Null when the client got what it must; else what went wrong. */
        String check(RawHttp.Trickle t, List<ContractResponse> responses, Duration readTimeout, Duration giveUp,
                     AllowedAnswers allowed, BadInputPolicy suite) {
            if (expect == Expect.SERVED) {
                return t.cut() || responses.size() != 1 || responses.get(0).status() != 200
                        ? "a request sent within --read-timeout must be served; " + t : null;
            }
            List<ContractResponse> late = responses;
            if (expect == Expect.FIRST_SERVED_THEN_CUT_OFF) {
                if (responses.isEmpty() || responses.get(0).status() != 200) {
                    return "the first, complete request must be served; " + t;
                }
                late = responses.subList(1, responses.size());
            }
            if (!t.cut()) {
                return "not cut off within " + giveUp.toMillis() + " ms; " + t;
            }
            if (t.cutAfter().compareTo(readTimeout.plus(SLACK)) > 0) {
                return "cut off only after " + t.cutAfter().toMillis() + " ms, --read-timeout " + readTimeout.toMillis()
                        + " ms";
            }
            if (t.cutAfter().compareTo(readTimeout.dividedBy(2)) < 0) {
                return "cut off after " + t.cutAfter().toMillis() + " ms, well before --read-timeout";
            }
            return allowed.check(late, suite);
        }
    }

    private record AllowedAnswers(BadInputs.Difference d) {
        String check(List<ContractResponse> responses, BadInputPolicy suite) {
            if (responses.isEmpty()) {
                return d.allowed().stream().anyMatch(o -> o instanceof Outcome.Closed) ? null : "closed without answer";
            }
            if (responses.size() > 1) {
                return responses.size() + " answers";
            }
            List<String> misses = new ArrayList<>();
            for (Outcome o : d.allowed()) {
                if (o instanceof Outcome.Answer a) {
                    String miss = suite.missAnswer(a, responses.get(0));
                    if (miss == null) {
                        return null;
                    }
                    misses.add(miss);
                }
            }
            return "answered " + responses.get(0) + " (" + misses + "); allowed: " + d.allowed();
        }
    }

    private static List<ContractResponse> responses(byte[] received) {
        List<ContractResponse> list = new ArrayList<>();
        InputStream in = new java.io.ByteArrayInputStream(received);
        try {
            for (ContractResponse r; (r = RawHttp.readResponse(in, 0)) != null; ) {
                list.add(r);
            }
        } catch (IOException e) {
            // end of what was received
        }
        return list;
    }

    /**
     * 500 connections held open, half of them silent and half after one request: the server keeps
     * serving, keeps them past {@code --read-timeout} (probed at 1.5 s), and closes each within
     * {@code --idle-timeout} (3 s, plus slack) of its last activity.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    final void idleConnectionsAreHeldThenClosed(TestReporter reporter) throws Exception {
        assumePolicy(Policy.CONNECTION_TIMEOUTS);
        assumeFeature(EngineFeature.CONNECTION_TIMEOUTS);
        Duration idleTimeout = Duration.ofSeconds(3);
        Duration probeAfter = Duration.ofMillis(1500);
        RunningServer server = startServer("--idle-timeout", "3s", "--read-timeout", "500ms");
        int port = server.port();
        int held = 500;
        int probes = 20;
        CountDownLatch opened = new CountDownLatch(held + probes);
        AtomicLong allOpenedAt = new AtomicLong();
        CountDownLatch released = new CountDownLatch(1);
        List<Future<String>> connections = new ArrayList<>();
        byte[] request = ascii("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < held + probes; i++) {
                boolean used = i % 2 == 0;
                boolean probe = i >= held;
                connections.add(clients.submit(() -> holdIdle(port, request, used, probe, opened, released,
                        probeAfter, idleTimeout.plus(SLACK))));
            }
            assertTrue(opened.await(20, TimeUnit.SECONDS), "could not open " + (held + probes) + " connections");
            allOpenedAt.set(System.nanoTime());
            released.countDown();
            HttpClient http = httpClient();
            assertEquals(200, send(http, server, "GET", "/health", null).statusCode(),
                    "/health while " + held + " idle connections are held");
            assertEquals(200, send(http, server, "GET", "/api/items/1", null).statusCode(),
                    "an API request while " + held + " idle connections are held");
            List<String> problems = new ArrayList<>();
            List<Long> closeDelays = new ArrayList<>();
            for (Future<String> f : connections) {
                String outcome = f.get(30, TimeUnit.SECONDS);
                if (outcome.startsWith("closed ")) {
                    closeDelays.add(Long.parseLong(outcome.substring(7)));
                } else {
                    problems.add(outcome);
                }
            }
            Collections.sort(closeDelays);
            report(reporter, "idle connections closed after (ms)", closeDelays.isEmpty() ? "none"
                    : "min " + closeDelays.get(0) + ", median " + closeDelays.get(closeDelays.size() / 2) + ", max "
                    + closeDelays.get(closeDelays.size() - 1));
            assertTrue(problems.isEmpty(), () -> problems.size() + " connection(s) misbehaved, e.g. "
                    + problems.stream().distinct().limit(5).toList());
        }
        assertEquals(200, send(httpClient(), server, "GET", "/health", null).statusCode());
    }

    /** One idle connection; "closed N" with N the ms from its last activity to the server's close. */
    private static String holdIdle(int port, byte[] request, boolean used, boolean probe, CountDownLatch opened,
                                   CountDownLatch released, Duration probeAfter, Duration closeWithin) {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                socket.setSoTimeout(10_000);
                if (used && !exchangeOn(socket, request)) {
                    return "the first request on a connection was not answered";
                }
            } finally {
                opened.countDown();
            }
            long lastActivity = System.nanoTime();
            if (probe) {
                released.await();
                Thread.sleep(Math.max(0, probeAfter.toMillis() - (System.nanoTime() - lastActivity) / 1_000_000));
                if (!exchangeOn(socket, request)) {
                    return (used ? "a kept-alive" : "a silent") + " connection idle for " + probeAfter.toMillis()
                            + " ms, less than --idle-timeout, was not served";
                }
                lastActivity = System.nanoTime();
            }
            socket.setSoTimeout((int) closeWithin.toMillis());
            try {
                int b = socket.getInputStream().read();
                long ms = (System.nanoTime() - lastActivity) / 1_000_000;
                return b < 0 ? "closed " + ms : "unexpected byte after " + ms + " ms idle";
            } catch (SocketTimeoutException e) {
                return (used ? "kept-alive" : "silent") + " connection still open " + closeWithin.toMillis()
                        + " ms after its last activity";
            } catch (IOException e) {
                return "closed " + (System.nanoTime() - lastActivity) / 1_000_000;
            }
        } catch (IOException e) {
            return "connection failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static boolean exchangeOn(Socket socket, byte[] request) throws IOException {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        try {
            ContractResponse r = RawHttp.readResponse(socket.getInputStream(), System.nanoTime());
            return r != null && r.status() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
