package org.threadlab.lab;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Every process the lab starts, so that none outlives it: stopping one means SIGTERM to it and to
 * its descendants (a server started through a script, Gatling's children), then SIGKILL to
 * whatever is still alive after the deadline.
 */
final class ManagedProcesses {
    private final List<Process> started = new CopyOnWriteArrayList<>();

    Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** Stops the process and its descendants; returns true if SIGTERM was enough. */
    boolean stop(Process process, Duration grace) {
        boolean graceful = stopTree(process.toHandle(), grace);
        started.remove(process);
        return graceful;
    }

    /** Stops everything still running, newest first (Gatling before the server it drives). */
    void stopAll(Duration grace) {
        List<Process> all = new ArrayList<>(started);
        java.util.Collections.reverse(all);
        for (Process p : all) {
            stop(p, grace);
        }
    }

    List<Long> pids() {
        return started.stream().map(Process::pid).toList();
    }

    static boolean stopTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean graceful = true;
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                // still alive: killed below
            }
            if (h.isAlive()) {
                graceful = false;
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a zombie we cannot reap; nothing more to do
            }
        }
        return graceful;
    }
}
