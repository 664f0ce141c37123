package org.threadlab.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which CPUs the server under test and the load generator run on. {@code auto} splits the CPUs the
 * lab may use into two disjoint halves: the server gets the upper floor(n/2), Gatling and the lab
 * itself the rest (on 2 CPUs one each; on 8, CPUs 4-7 for the server, 0-3 for Gatling).
 * {@code shared} pins nothing, as the lab did before: the roles then compete for the same CPUs.
 *
 * @param server the server's CPUs, or null when shared
 * @param generator Gatling's (and the lab's) CPUs, or null when shared
 * @param allowed the CPUs the lab was allowed to use
 */
record CpuLayout(CpuSet server, CpuSet generator, CpuSet allowed) {
    static final String AUTO = "auto";
    static final String SHARED = "shared";

    boolean pinned() {
        return server != null;
    }

    /** Resolves --server-cpus and --generator-cpus against the CPUs the lab may use. */
    static CpuLayout resolve(String serverOption, String generatorOption, CpuSet allowed) {
        String s = serverOption.trim().toLowerCase(Locale.ROOT);
        String g = generatorOption.trim().toLowerCase(Locale.ROOT);
        if (s.equals(SHARED) || g.equals(SHARED)) {
            if (!(s.equals(SHARED) || s.equals(AUTO)) || !(g.equals(SHARED) || g.equals(AUTO))) {
                throw new IllegalArgumentException("'shared' pins neither role: give it to both --server-cpus and"
                        + " --generator-cpus, or to one and leave the other at auto");
            }
            return new CpuLayout(null, null, allowed);
        }
        if (allowed.size() < 2 && (s.equals(AUTO) || g.equals(AUTO))) {
            throw new IllegalArgumentException("the lab may use only CPU " + allowed + ": separate CPU sets need two;"
                    + " run with --server-cpus shared to share it");
        }
        CpuSet server = s.equals(AUTO) ? null : parse("--server-cpus", s, allowed);
        CpuSet generator = g.equals(AUTO) ? null : parse("--generator-cpus", g, allowed);
        if (server == null && generator == null) {
            int half = allowed.size() / 2;
            List<Integer> all = allowed.cpus();
            generator = new CpuSet(all.subList(0, all.size() - half));
            server = new CpuSet(all.subList(all.size() - half, all.size()));
        } else if (server == null) {
            server = rest(allowed, generator, "--generator-cpus");
        } else if (generator == null) {
            generator = rest(allowed, server, "--server-cpus");
        }
        if (server.overlaps(generator)) {
            throw new IllegalArgumentException("--server-cpus " + server + " and --generator-cpus " + generator
                    + " overlap: the roles need disjoint CPUs (or 'shared' for both)");
        }
        return new CpuLayout(server, generator, allowed);
    }

    private static CpuSet parse(String option, String text, CpuSet allowed) {
        CpuSet set;
        try {
            set = CpuSet.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
        if (!allowed.containsAll(set)) {
            throw new IllegalArgumentException(option + " " + set + ": the lab may use only CPUs " + allowed);
        }
        return set;
    }

    private static CpuSet rest(CpuSet allowed, CpuSet taken, String option) {
        List<Integer> rest = new ArrayList<>(allowed.cpus());
        rest.removeAll(taken.cpus());
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " " + taken + " takes every CPU the lab may use (" + allowed
                    + "): leave some for the other role");
        }
        return new CpuSet(rest);
    }

    /** The command prefix that runs a command on a CPU set, or nothing when shared. */
    static List<String> taskset(CpuSet cpus) {
        return cpus == null ? List.of() : List.of("taskset", "-c", cpus.toString());
    }

    /** "server CPU 1, Gatling and the lab CPU 0", or "shared (no pinning)". */
    String describe() {
        return pinned() ? "server on CPU " + server + ", Gatling and the lab on CPU " + generator
                : "shared: server, Gatling and the lab on the same CPUs " + allowed;
    }
}
