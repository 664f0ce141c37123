package org.threadlab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A control group for one server process: a CPU budget through the kernel's CFS quota (cgroup v2
 * {@code cpu.max}, or cgroup v1 {@code cpu.cfs_period_us}/{@code cpu.cfs_quota_us}) and optionally a
 * memory limit, as a container runtime sets them. The server's JVM is started inside it (see
 * {@link #wrap}), so it sizes itself to the budget the way it does in a container. The group is a
 * child of the lab's own group and is removed by {@link #close}.
 */
final class ServerCgroup implements AutoCloseable {
    private static final Path PROC_CGROUP = Path.of("/proc/self/cgroup");
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** v1: the cpu group and (optional) memory group; v2: one group for both. */
    private final Path cpuDir;
    private final Path memoryDir;
    private final boolean v2;
    private final long periodUs;
    private final long quotaUs;

    private ServerCgroup(Path cpuDir, Path memoryDir, boolean v2, long periodUs, long quotaUs) {
        this.cpuDir = cpuDir;
        this.memoryDir = memoryDir;
        this.v2 = v2;
        this.periodUs = periodUs;
        this.quotaUs = quotaUs;
    }

    /**
     * Creates the group with the budget in place.
     *
     * @param cores the CPU budget in cores (e.g. 0.5), or 0 for none
     * @param memoryBytes the memory limit, or 0 for none
     * @throws IllegalStateException with one line saying why, where the machine does not allow it
     */
    static ServerCgroup create(String name, double cores, Duration period, long memoryBytes) {
        return create(name, cores, period, memoryBytes, MOUNTINFO, PROC_CGROUP);
    }

    /**
     * As {@link #create(String, double, Duration, long)}, with the machine's cgroups described by a
     * mountinfo file and a /proc/PID/cgroup file (a test describes a hierarchy of its own).
     */
    static ServerCgroup create(String name, double cores, Duration period, long memoryBytes, Path mountinfo,
                               Path procCgroup) {
        long periodUs = period.toNanos() / 1000;
        long quotaUs = cores > 0 ? Math.max(1000, Math.round(cores * periodUs)) : -1;
        String leaf = "threadlab-" + ProcessHandle.current().pid() + "-" + name;
        List<String[]> mounts = mounts(mountinfo);
        Optional<Path> unified = mounts.stream().filter(m -> m[1].equals("cgroup2")).map(m -> Path.of(m[0]))
                .filter(p -> controllers(p).contains("cpu")).findFirst();
        try {
            if (unified.isPresent()) {
                Path parent = unified.get().resolve(ownGroup(procCgroup, "").orElse("/").substring(1));
                Files.writeString(parent.resolve("cgroup.subtree_control"), memoryBytes > 0 ? "+cpu +memory" : "+cpu");
                Path dir = Files.createDirectories(parent.resolve(leaf));
                ServerCgroup g = new ServerCgroup(dir, memoryBytes > 0 ? dir : null, true, periodUs, quotaUs);
                g.applyQuota(true);
                if (memoryBytes > 0) {
                    Files.writeString(dir.resolve("memory.max"), Long.toString(memoryBytes));
                    Files.writeString(dir.resolve("memory.swap.max"), "0");
                }
                return g;
            }
            Path cpuMount = v1Mount(mounts, "cpu").orElseThrow(() -> new IllegalStateException(
                    "this machine has no cgroup CPU controller (neither cgroup v2 with cpu nor v1 cpu is mounted)"));
            Path cpuDir = Files.createDirectories(cpuMount.resolve(ownGroup(procCgroup, "cpu").orElse("/").substring(1)).resolve(leaf));
            Path memDir = null;
            if (memoryBytes > 0) {
                Path memMount = v1Mount(mounts, "memory").orElseThrow(() -> new IllegalStateException(
                        "this machine has no cgroup v1 memory controller mounted"));
                memDir = Files.createDirectories(memMount.resolve(ownGroup(procCgroup, "memory").orElse("/").substring(1)).resolve(leaf));
                Files.writeString(memDir.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
            }
            ServerCgroup g = new ServerCgroup(cpuDir, memDir, false, periodUs, quotaUs);
            g.applyQuota(true);
            return g;
        } catch (IOException | RuntimeException e) {
            String why = e instanceof IllegalStateException ? e.getMessage()
                    : "cannot create or write a cgroup (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); a budget needs root or a delegated cgroup";
            throw new IllegalStateException(why);
        }
    }

    /** "cgroup v1" or "cgroup v2". */
    String version() {
        return v2 ? "cgroup v2" : "cgroup v1";
    }

    Path cpuDir() {
        return cpuDir;
    }

    /** The command that enters this group and then runs {@code command}. */
    List<String> wrap(List<String> command) {
        StringBuilder script = new StringBuilder();
        script.append("echo $$ > '").append(cpuDir.resolve("cgroup.procs")).append('\'');
        if (memoryDir != null && !memoryDir.equals(cpuDir)) {
            script.append(" && echo $$ > '").append(memoryDir.resolve("cgroup.procs")).append('\'');
        }
        script.append(" && exec \"$@\"");
        List<String> out = new ArrayList<>(List.of("sh", "-c", script.toString(), "threadlab-server"));
        out.addAll(command);
        return out;
    }

    /** Puts the budget in place ({@code true}) or lifts it ({@code false}, e.g. for an unmeasured JIT warm-up). */
    void applyQuota(boolean on) throws IOException {
        long q = on ? quotaUs : -1;
        if (v2) {
            Files.writeString(cpuDir.resolve("cpu.max"), (q < 0 ? "max" : Long.toString(q)) + " " + periodUs);
        } else {
            Files.writeString(cpuDir.resolve("cpu.cfs_quota_us"), "-1"); // the period can change only without a quota
            Files.writeString(cpuDir.resolve("cpu.cfs_period_us"), Long.toString(periodUs));
            Files.writeString(cpuDir.resolve("cpu.cfs_quota_us"), Long.toString(q));
        }
    }

    /** {periods, throttled periods} so far, or {-1, -1}. */
    long[] throttling() {
        long periods = -1;
        long throttled = -1;
        try {
            for (String line : Files.readAllLines(cpuDir.resolve("cpu.stat"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[0].equals("nr_periods")) {
                    periods = Long.parseLong(f[1]);
                } else if (f.length == 2 && f[0].equals("nr_throttled")) {
                    throttled = Long.parseLong(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
        return new long[] {periods, throttled};
    }

    /** Removes the group (its process must have ended; retried briefly while the kernel lets go of it). */
    @Override
    public void close() {
        for (Path dir : memoryDir == null || memoryDir.equals(cpuDir) ? List.of(cpuDir) : List.of(cpuDir, memoryDir)) {
            for (int i = 0; i < 50; i++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException e) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
    }

    /** Mount point and filesystem type (and, for v1, super options) of every cgroup mount. */
    private static List<String[]> mounts(Path mountinfo) {
        List<String[]> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(mountinfo)) {
                int sep = line.indexOf(" - ");
                if (sep < 0) {
                    continue;
                }
                String[] before = line.substring(0, sep).split(" ");
                String[] after = line.substring(sep + 3).split(" ");
                if (after[0].startsWith("cgroup")) {
                    out.add(new String[] {before[4], after[0], after.length > 2 ? after[2] : ""});
                }
            }
        } catch (IOException e) {
            // no /proc: no cgroups
        }
        return out;
    }

    private static Optional<Path> v1Mount(List<String[]> mounts, String controller) {
        return mounts.stream().filter(m -> m[1].equals("cgroup")
                        && List.of(m[2].split(",")).contains(controller)).map(m -> Path.of(m[0])).findFirst();
    }

    private static String controllers(Path unified) {
        try {
            return Files.readString(unified.resolve("cgroup.controllers"));
        } catch (IOException e) {
            return "";
        }
    }

    /** This process's group in one hierarchy ("" = the v2 one), e.g. "/" or "/user.slice". */
    private static Optional<String> ownGroup(Path procCgroup, String controller) {
        try {
            for (String line : Files.readAllLines(procCgroup)) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && (controller.isEmpty() ? f[0].equals("0") && f[1].isEmpty()
                        : List.of(f[1].split(",")).contains(controller))) {
                    return Optional.of(f[2]);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return Optional.empty();
    }

    /** Parses a memory size: 512m, 2g, 1048576 (bytes). */
    static long parseBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size like 768m or 2g");
        }
    }
}
