package org.threadlab.lab;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.threadlab.load.LevelPlan;
import org.threadlab.load.Phase;
import org.threadlab.load.RestartSimulation;

/**
 * The restart scenario's outage, done by the lab (it owns the embedded PostgreSQL): at the start of
 * the {@code outage} window it stops PostgreSQL as a crash would, at its end starts it again, then
 * asks the server for an item every 10 ms until it answers 200: the time the server's pool needs to
 * serve again. Runs on a thread of its own from the level's start.
 */
final class DatabaseRestart {
    /**
     * PostgreSQL stops this long after the outage window opens (at most an eighth of the window), so
     * that requests sent in the base window and still in flight are answered before it goes.
     */
    static final long GUARD_MS = 250;
    /** Longest the lab waits for the server to serve again after PostgreSQL is back. */
    static final Duration SERVE_AGAIN_LIMIT = Duration.ofSeconds(30);
    private static final long POLL_MS = 10;

    private final Thread thread;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private DatabaseRestart(LabDatabase database, LevelPlan level, long levelStartEpochMs, URI server,
                            Consumer<String> progress, java.util.function.LongConsumer newPid) {
        Phase outage = level.phase(RestartSimulation.OUTAGE);
        this.thread = Thread.ofVirtual().name("database-restart").start(() -> {
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
                sleepUntil(levelStartEpochMs + outage.startMs() + Math.min(GUARD_MS, outage.lengthMs() / 8));
                long down = System.currentTimeMillis();
                database.stopAbruptly();
                progress.accept("PostgreSQL stopped (immediate mode) for the outage window");
                sleepUntil(levelStartEpochMs + outage.endMs());
                long restarting = System.currentTimeMillis();
                database.startAgain();
                long back = System.currentTimeMillis();
                newPid.accept(database.pid());
                figures.put("outageMs", back - down);
                figures.put("postgresStartMs", back - restarting);
                long servingAgain = -1;
                long deadline = back + SERVE_AGAIN_LIMIT.toMillis();
                while (System.currentTimeMillis() < deadline) {
                    if (serves(http, server)) {
                        servingAgain = System.currentTimeMillis() - back;
                        break;
                    }
                    Thread.sleep(POLL_MS);
                }
                figures.put("servingAgainMs", servingAgain < 0 ? null : servingAgain);
                progress.accept("PostgreSQL back after " + (back - down) + " ms; the server served again "
                        + (servingAgain < 0 ? "not within " + SERVE_AGAIN_LIMIT.toSeconds() + " s" : servingAgain
                        + " ms later"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                figures.put("error", "interrupted");
            } catch (RuntimeException e) {
                figures.put("error", e.getMessage());
                progress.accept("the database restart failed: " + e.getMessage());
            }
        });
    }

    /** @param newPid told the postmaster's new pid once PostgreSQL is back (for the sampler) */
    static DatabaseRestart start(LabDatabase database, LevelPlan level, long levelStartEpochMs, URI server,
                                 Consumer<String> progress, java.util.function.LongConsumer newPid) {
        return new DatabaseRestart(database, level, levelStartEpochMs, server, progress, newPid);
    }

    private static boolean serves(HttpClient http, URI server) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(server.resolve("/api/items/1"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /**
     * Waits for the restart to be over (it is by the end of the level) and returns its figures:
     * outageMs, postgresStartMs, servingAgainMs (null when the server never served again), or error.
     */
    Map<String, Object> figures() throws InterruptedException {
        if (!thread.join(Duration.ofMinutes(2))) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        return new LinkedHashMap<>(figures);
    }
}
