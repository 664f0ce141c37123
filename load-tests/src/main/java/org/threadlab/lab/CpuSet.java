package org.threadlab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** A set of CPU numbers in the kernel's list format ("0-3,6"), as taskset and cpuset.cpus take it. */
record CpuSet(List<Integer> cpus) {
    CpuSet {
        cpus = List.copyOf(new TreeSet<>(cpus));
    }

    /** Parses "0-3,6"; a bad list is an {@link IllegalArgumentException} saying why. */
    static CpuSet parse(String text) {
        List<Integer> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an empty CPU list");
        }
        for (String part : text.trim().split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
                if (from < 0 || to < from) {
                    throw new NumberFormatException();
                }
                for (int c = from; c <= to; c++) {
                    out.add(c);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a CPU list like 0-3,6");
            }
        }
        return new CpuSet(out);
    }

    /** The CPUs this process may run on (Cpus_allowed_list of /proc/self/status); all CPUs where that is unknown. */
    static CpuSet allowed() {
        return ofProcess("self");
    }

    /** The CPUs a process may run on, from its /proc status; all CPUs the JVM sees where that is unknown. */
    static CpuSet ofProcess(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return parse(line.substring(line.indexOf(':') + 1));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // not Linux, or the process is gone
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            all.add(i);
        }
        return new CpuSet(all);
    }

    int size() {
        return cpus.size();
    }

    boolean containsAll(CpuSet other) {
        return cpus.containsAll(other.cpus);
    }

    boolean overlaps(CpuSet other) {
        return other.cpus.stream().anyMatch(cpus::contains);
    }

    /** The kernel's list format: "0-3,6". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cpus.size(); i++) {
            int from = cpus.get(i);
            int j = i;
            while (j + 1 < cpus.size() && cpus.get(j + 1) == cpus.get(j) + 1) {
                j++;
            }
            s.append(s.isEmpty() ? "" : ",").append(from);
            if (j > i) {
                s.append('-').append(cpus.get(j));
            }
            i = j;
        }
        return s.toString();
    }
}
