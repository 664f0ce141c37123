package org.threadlab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** CPU time and resident memory of a process, and the machine's CPU counters, from /proc (Linux). */
final class ProcFs {
    static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private ProcFs() {
    }

    /** User + system CPU time of the process in clock ticks, or -1 if it is gone or /proc is missing. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15 of stat
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * What every thread of the process is doing, from /proc/PID/task/TID/status (the process's own
     * status counts its main thread only): its context switches so far, voluntary (it blocked) and
     * involuntary (it was preempted), and per {@link ThreadRoles role} how many threads there are and
     * how many are running or runnable (state R) at this instant.
     */
    record Threads(long voluntary, long involuntary, int count, Map<String, int[]> roles) {
        static final Threads GONE = new Threads(-1, -1, 0, Map.of());

        long switches() {
            return voluntary < 0 ? -1 : voluntary + involuntary;
        }
    }

    static Threads threads(long pid) {
        long voluntary = 0;
        long involuntary = 0;
        int count = 0;
        Map<String, int[]> roles = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = "";
                    boolean running = false;
                    long v = 0;
                    long n = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("Name:")) {
                            name = line.substring(5).trim();
                        } else if (line.startsWith("State:")) {
                            running = line.substring(6).trim().startsWith("R");
                        } else if (line.startsWith("voluntary_ctxt_switches:")) {
                            v = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            n = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    voluntary += v;
                    involuntary += n;
                    count++;
                    int[] role = roles.computeIfAbsent(ThreadRoles.of(name), k -> new int[2]);
                    role[0]++;
                    role[1] += running ? 1 : 0;
                } catch (IOException | RuntimeException e) {
                    // that thread ended meanwhile: its switches are gone with it
                }
            }
        } catch (IOException | RuntimeException e) {
            return Threads.GONE;
        }
        return new Threads(voluntary, involuntary, count, roles);
    }

    /** Resident set size in kB, or -1. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /**
     * The process and its descendants (a PostgreSQL postmaster and its backends), from each task's
     * children list; only the process itself where the kernel does not list children.
     */
    static List<Long> tree(long pid) {
        List<Long> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>(List.of(pid));
        while (!todo.isEmpty() && out.size() < 10_000) {
            long p = todo.pop();
            out.add(p);
            try (var tasks = Files.list(Path.of("/proc", Long.toString(p), "task"))) {
                for (Path task : tasks.toList()) {
                    String children = Files.readString(task.resolve("children")).trim();
                    if (!children.isEmpty()) {
                        for (String c : children.split("\\s+")) {
                            todo.push(Long.parseLong(c));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone, or no children list: count what we have
            }
        }
        return out;
    }

    /** CPU ticks of a process tree (see {@link #tree}), or -1 when its root is gone. */
    static long treeCpuTicks(long pid) {
        return treeSum(pid, ProcFs::cpuTicks);
    }

    /**
     * Resident memory of a process tree in kB (each process's RSS summed, so pages they share, such
     * as PostgreSQL's shared buffers, count once per process that touched them), or -1.
     */
    static long treeRssKb(long pid) {
        return treeSum(pid, ProcFs::rssKb);
    }

    /** A figure summed over a process tree; -1 when the root's is unknown (it is gone), a child's counts 0. */
    private static long treeSum(long pid, java.util.function.LongUnaryOperator figure) {
        long sum = 0;
        for (long p : tree(pid)) {
            long v = figure.applyAsLong(p);
            if (v < 0 && p == pid) {
                return -1;
            }
            sum += Math.max(0, v);
        }
        return sum;
    }

    /** {busy, total} ticks of all CPUs since boot, or {-1, -1}. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** Busy ticks of each CPU since boot, indexed by CPU number (-1 for a CPU not listed), or an empty array. */
    static long[] cpuBusyTicks() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            long[] busy = new long[0];
            for (String line : lines) {
                if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                int cpu = Integer.parseInt(f[0].substring(3));
                if (cpu >= busy.length) {
                    long[] grown = new long[cpu + 1];
                    java.util.Arrays.fill(grown, -1);
                    System.arraycopy(busy, 0, grown, 0, busy.length);
                    busy = grown;
                }
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    total += Long.parseLong(f[i]);
                }
                busy[cpu] = total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static long memTotalKb() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder(List.of("getconf", "CLK_TCK")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100; // USER_HZ on every mainstream Linux
        }
    }
}
