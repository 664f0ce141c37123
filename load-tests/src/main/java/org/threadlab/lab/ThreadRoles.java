package org.threadlab.lab;

/**
 * The role of a server thread, from its name as /proc shows it (at most 15 characters): the threads
 * that serve requests are named by the engines and models that start them.
 */
final class ThreadRoles {
    /** The blocking model's pool ({@code WorkerPool}: worker-1, worker-2, ...). */
    static final String WORKER = "worker";
    /** Netty's I/O and accept loops (io-N-M, accept-N-M) and Vert.x's event loops and acceptor. */
    static final String EVENT_LOOP = "event-loop";
    /** The platform threads virtual threads run on (the JDK's ForkJoinPool-N-worker-M). */
    static final String CARRIER = "carrier";
    /** Everything else: JIT, GC, timers, the JVM's own. */
    static final String OTHER = "other";

    private ThreadRoles() {
    }

    static String of(String name) {
        if (name.startsWith("worker-")) {
            return WORKER;
        }
        if (name.startsWith("io-") || name.startsWith("accept-") || name.startsWith("vert.x-eventloo")
                || name.startsWith("vert.x-acceptor")) {
            return EVENT_LOOP;
        }
        if (name.startsWith("ForkJoinPool-")) {
            return CARRIER;
        }
        return OTHER;
    }
}
