package org.threadlab.core.options;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What each server's {@code main} does: parse the options, start, print the bound address,
 * and stop cleanly on SIGTERM or Ctrl-C: the server stops accepting, lets requests in flight
 * finish (up to {@code --shutdown-timeout}, which the server's {@code close()} honours), and the
 * process exits 0.
 */
public final class ServerMain {
    private ServerMain() {
    }

    /** The whole {@code main}; exits the JVM with 0 after a stop signal, 1 or 2 when it cannot start. */
    public static void run(String model, String[] args, ServerFactory factory) {
        int status = run(model, args, factory, System.out, System.err, true);
        // Exit even if an engine left a non-daemon thread behind: the server is closed by now.
        System.exit(status);
    }

    /** Returns the exit status; blocks while the server runs. */
    static int run(String model, String[] args, ServerFactory factory, PrintStream out, PrintStream err) {
        return run(model, args, factory, out, err, false);
    }

    /** @param handleSignals take over SIGTERM and SIGINT (only in a real main: they are process-wide) */
    private static int run(String model, String[] args, ServerFactory factory, PrintStream out, PrintStream err,
                           boolean handleSignals) {
        ServerOptions options;
        try {
            options = ServerOptions.parse(model, args);
        } catch (IllegalArgumentException e) {
            err.println("server-" + model + ": " + e.getMessage() + " (see --help)");
            return 2;
        }
        if (options.helpRequested()) {
            out.print(ServerOptions.usage(model));
            return 0;
        }
        RunningServer server;
        try {
            server = factory.start(options);
        } catch (Exception e) {
            org.threadlab.core.db.postgres.DatabaseStartException db = databaseFailure(e);
            err.println("server-" + model + ": cannot start" + (db != null ? ": " + db.getMessage()
                    : " on " + options.host() + ":" + options.port() + ": " + rootMessage(e)));
            return 1;
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                server.close();
            }
        };
        // Any other way the JVM shuts down (System.exit elsewhere, a signal we could not take over) still
        // closes the server, with the JVM's own exit status.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            stopRequested.countDown();
        }, "shutdown"));
        if (handleSignals) {
            StopSignals.install(stopRequested::countDown);
        }
        out.println("server-" + model + " listening on http://" + options.host() + ":" + server.port());
        out.flush();
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close.run();
        return 0;
    }

    /** The database's own one-line reason, where the start failed on the database. */
    private static org.threadlab.core.db.postgres.DatabaseStartException databaseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.threadlab.core.db.postgres.DatabaseStartException d) {
                return d;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
