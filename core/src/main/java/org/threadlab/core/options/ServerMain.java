package org.threadlab.core.options;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * What each server's {@code main} does: parse the options, start, print the bound address,
 * and stop cleanly on SIGTERM or Ctrl-C.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void run(String model, String[] args, ServerFactory factory) {
        int status = run(model, args, factory, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Returns the exit status; blocks while the server runs. */
    static int run(String model, String[] args, ServerFactory factory, PrintStream out, PrintStream err) {
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
            err.println("server-" + model + ": cannot start on " + options.host() + ":" + options.port()
                    + ": " + rootMessage(e));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        out.println("server-" + model + " listening on http://" + options.host() + ":" + server.port());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
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
