package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget written into a cgroup hierarchy described by files of a test's own: the v2 layout
 * (cpu.max, memory.max, one group for both) that this v1 machine cannot show for real, and the v1
 * layout. The real v1 group is checked on a real server by the smoke run.
 */
class ServerCgroupTest {
    @TempDir
    Path root;

    /** A mountinfo line for a mount at {@code point} of type {@code type} with super options {@code options}. */
    private static String mount(Path point, String type, String options) {
        return "30 25 0:26 / " + point + " rw,nosuid,nodev,noexec,relatime shared:5 - " + type + " " + type + " " + options;
    }

    /** A real cgroup directory's files are the kernel's and go with it; these are plain files. */
    private static void pseudoFilesGone(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void cgroupV2GetsCpuMaxAndMemoryMaxInOneGroup() throws Exception {
        Path unified = Files.createDirectories(root.resolve("unified"));
        Files.writeString(unified.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Path parent = Files.createDirectories(unified.resolve("lab.slice"));
        Path mountinfo = Files.writeString(root.resolve("mountinfo"), mount(unified, "cgroup2", "rw,nsdelegate") + "\n");
        Path self = Files.writeString(root.resolve("cgroup"), "0::/lab.slice\n");

        ServerCgroup g = ServerCgroup.create("virtual", 0.5, Duration.ofMillis(10), 768L << 20, mountinfo, self);
        Path dir = g.cpuDir();
        assertEquals("cgroup v2", g.version());
        assertEquals(parent, dir.getParent(), "the group is made under this process's own group");
        assertTrue(dir.getFileName().toString().endsWith("-virtual"));
        assertEquals("+cpu +memory", Files.readString(parent.resolve("cgroup.subtree_control")));
        assertEquals("5000 10000", Files.readString(dir.resolve("cpu.max")), "half of a 10 ms period");
        assertEquals(Long.toString(768L << 20), Files.readString(dir.resolve("memory.max")));
        assertEquals("0", Files.readString(dir.resolve("memory.swap.max")));

        g.applyQuota(false);
        assertEquals("max 10000", Files.readString(dir.resolve("cpu.max")), "lifted for the JIT warm-up");
        g.applyQuota(true);
        assertEquals("5000 10000", Files.readString(dir.resolve("cpu.max")));

        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 81234\nuser_usec 60000\nsystem_usec 21234\n"
                + "nr_periods 400\nnr_throttled 37\nthrottled_usec 120000\n");
        assertEquals(List.of(400L, 37L), List.of(g.throttling()[0], g.throttling()[1]));
        String script = g.wrap(List.of("java", "-jar", "server.jar")).get(2);
        assertEquals("echo $$ > '" + dir.resolve("cgroup.procs") + "' && exec \"$@\"", script,
                "v2 has one cgroup.procs for both controllers");

        pseudoFilesGone(dir);
        g.close();
        assertFalse(Files.exists(dir), "removed after the run");
    }

    @Test
    void cgroupV1GetsAQuotaWithItsPeriodAndAMemoryGroupOfItsOwn() throws Exception {
        Path cpu = Files.createDirectories(root.resolve("cpu,cpuacct"));
        Path memory = Files.createDirectories(root.resolve("memory"));
        Path mountinfo = Files.writeString(root.resolve("mountinfo"), mount(cpu, "cgroup", "rw,cpu,cpuacct") + "\n"
                + mount(memory, "cgroup", "rw,memory") + "\n");
        Path self = Files.writeString(root.resolve("cgroup"), "5:memory:/\n4:cpu,cpuacct:/\n");

        ServerCgroup g = ServerCgroup.create("blocking", 1.5, Duration.ofMillis(20), 512L << 20, mountinfo, self);
        assertEquals("cgroup v1", g.version());
        assertEquals(cpu, g.cpuDir().getParent());
        assertEquals("20000", Files.readString(g.cpuDir().resolve("cpu.cfs_period_us")));
        assertEquals("30000", Files.readString(g.cpuDir().resolve("cpu.cfs_quota_us")), "1.5 cores of a 20 ms period");
        Path memDir = memory.resolve(g.cpuDir().getFileName());
        assertEquals(Long.toString(512L << 20), Files.readString(memDir.resolve("memory.limit_in_bytes")));
        assertTrue(g.wrap(List.of("true")).get(2).contains(memDir.resolve("cgroup.procs").toString()),
                "the process enters the memory group too");
        g.applyQuota(false);
        assertEquals("-1", Files.readString(g.cpuDir().resolve("cpu.cfs_quota_us")));
        pseudoFilesGone(g.cpuDir());
        pseudoFilesGone(memDir);
        g.close();
        assertFalse(Files.exists(g.cpuDir()));
        assertFalse(Files.exists(memDir));
    }

    @Test
    void noCpuControllerIsOneLine() throws Exception {
        Path unified = Files.createDirectories(root.resolve("unified"));
        Files.writeString(unified.resolve("cgroup.controllers"), "pids\n");
        Path mountinfo = Files.writeString(root.resolve("mountinfo"), mount(unified, "cgroup2", "rw") + "\n");
        Path self = Files.writeString(root.resolve("cgroup"), "0::/\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerCgroup.create("reactive", 0.5, Duration.ofMillis(10), 0, mountinfo, self));
        assertEquals("this machine has no cgroup CPU controller (neither cgroup v2 with cpu nor v1 cpu is mounted)",
                e.getMessage());
    }
}
