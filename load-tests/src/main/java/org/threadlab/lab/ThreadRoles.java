package org.threadlab.lab;

import org.threadlab.report.LevelRow.RoleThreads;

/**
 * The role of a server thread ({@link RoleThreads}' names, as levels.json publishes them), from its
 * name as /proc shows it (at most 15 characters): the threads that serve requests are named by the
 * engines and models that start them (Netty's io-N-M and accept-N-M, Vert.x's event loops).
 */
final class ThreadRoles {
    private ThreadRoles() {
    }

    static String of(String name) {
        if (name.startsWith("worker-")) {
            return RoleThreads.WORKER;
        }
        if (name.startsWith("io-") || name.startsWith("accept-") || name.startsWith("vert.x-eventloo")
                || name.startsWith("vert.x-acceptor")) {
            return RoleThreads.EVENT_LOOP;
        }
        if (name.startsWith("ForkJoinPool-")) {
            return RoleThreads.CARRIER;
        }
        return RoleThreads.OTHER;
    }
}
