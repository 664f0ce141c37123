package org.threadlab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the machine allows a run that holds many connections (the c10k scenario) or many threads
 * (a {@code blocking@N} control), read from /proc before anything starts: the open files each
 * process may hold (Gatling and the server each hold one per client), the threads the kernel and
 * this user may have, and the memory mappings a process may have (two per thread stack).
 */
record MachineLimits(long openFiles, long userProcesses, long threadsMax, long maxMapCount, boolean root) {
    /** Files each process needs beyond one per client: jars, logs, epoll, the JDK's own. */
    static final int FILES_MARGIN = 1_000;
    /** Threads and mappings a JVM has before its request threads. */
    static final int THREADS_MARGIN = 5_000;
    static final int MAPS_MARGIN = 20_000;
    static final long UNLIMITED = Long.MAX_VALUE;

    static MachineLimits read() {
        long files = UNLIMITED;
        long processes = UNLIMITED;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    files = soft(line);
                } else if (line.startsWith("Max processes")) {
                    processes = soft(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: nothing to check against
        }
        return new MachineLimits(files, processes, number(Path.of("/proc/sys/kernel/threads-max")),
                number(Path.of("/proc/sys/vm/max_map_count")), "root".equals(System.getProperty("user.name")));
    }

    /** The soft limit: the first number after the name ("Max open files  20000  20000  files"). */
    private static long soft(String line) {
        String[] parts = line.substring(line.indexOf("  ")).trim().split("\\s+");
        return parts[0].toLowerCase(Locale.ROOT).equals("unlimited") ? UNLIMITED : Long.parseLong(parts[0]);
    }

    private static long number(Path file) {
        try {
            // readAllLines, not readString: the latter trusts the size procfs reports and reads one byte
            return Long.parseLong(Files.readAllLines(file).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return UNLIMITED;
        }
    }

    /**
     * Why the run cannot go ahead here, one sentence each with the fix; empty when it can.
     *
     * @param clients the most clients of any closed level (each a connection in Gatling and in the server)
     * @param threads the largest request pool of any server of the run (its platform threads)
     */
    List<String> problems(long clients, long threads) {
        List<String> out = new ArrayList<>();
        if (clients + FILES_MARGIN > openFiles) {
            out.add(String.format(Locale.ROOT, "%,d clients need about %,d open files in Gatling and in the server, "
                    + "but a process may open %,d here: raise it (ulimit -n %d, or the hard limit in "
                    + "/etc/security/limits.conf) or lower the level", clients, clients + FILES_MARGIN, openFiles,
                    Math.max(65_536, clients + FILES_MARGIN)));
        }
        if (threads + THREADS_MARGIN > threadsMax) {
            out.add(String.format(Locale.ROOT, "a pool of %,d threads needs kernel.threads-max >= %,d, it is %,d "
                    + "(sysctl -w kernel.threads-max=%d)", threads, threads + THREADS_MARGIN, threadsMax,
                    threads + THREADS_MARGIN));
        }
        if (!root && threads + THREADS_MARGIN > userProcesses) {
            out.add(String.format(Locale.ROOT, "a pool of %,d threads needs ulimit -u >= %,d, it is %,d",
                    threads, threads + THREADS_MARGIN, userProcesses));
        }
        if (2 * threads + MAPS_MARGIN > maxMapCount) {
            out.add(String.format(Locale.ROOT, "a pool of %,d threads needs vm.max_map_count >= %,d (two mappings "
                    + "per thread stack), it is %,d (sysctl -w vm.max_map_count=%d)", threads,
                    2 * threads + MAPS_MARGIN, maxMapCount, 2 * threads + MAPS_MARGIN));
        }
        return out;
    }
}
