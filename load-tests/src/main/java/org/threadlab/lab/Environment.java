package org.threadlab.lab;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** environment.json: what the figures were measured on and with. */
final class Environment {
    private Environment() {
    }

    static Map<String, Object> describe(RunPlan plan, Map<String, List<String>> serverCommands,
                                        List<String> gatlingCommand, String startedAt, String endedAt,
                                        Map<String, Map<String, Object>> serverPlacement,
                                        Map<String, Object> database) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> jdk = new LinkedHashMap<>();
        jdk.put("vendor", System.getProperty("java.vendor"));
        jdk.put("version", System.getProperty("java.version"));
        jdk.put("runtimeVersion", System.getProperty("java.runtime.version"));
        jdk.put("vmName", System.getProperty("java.vm.name"));
        jdk.put("javaHome", System.getProperty("java.home"));
        m.put("jdk", jdk);
        m.put("serverJvmOptions", plan.serverJvmOptions());
        m.put("gatlingJvmOptions", plan.gatlingJvmOptions());
        m.put("labJvmOptions", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("serverCommands", serverCommands);
        m.put("serverPlacement", serverPlacement);
        m.put("database", database);
        // the size of each server's own code, for the report's "complexity" claim
        m.put("serverCode", ServerCode.describe(plan.root(), plan.servers()));
        m.put("gatlingCommand", gatlingCommand);
        m.put("gatlingVersion", io.gatling.commons.util.GatlingVersion.ThisVersion().fullVersion());
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("model", ProcFs.cpuModel());
        cpu.put("count", Runtime.getRuntime().availableProcessors());
        cpu.put("clockTicksPerSecond", ProcFs.CLOCK_TICKS_PER_SECOND);
        cpu.put("allowed", plan.cpus().allowed().toString());
        cpu.put("server", plan.cpus().pinned() ? plan.cpus().server().toString() : null);
        cpu.put("generator", plan.cpus().pinned() ? plan.cpus().generator().toString() : null);
        cpu.put("serverCpuLimit", plan.serverCpuLimit() > 0 ? plan.serverCpuLimit() : null);
        cpu.put("cpuQuotaPeriod", RunPlan.Durations.format(plan.cpuQuotaPeriod()));
        m.put("cpu", cpu);
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("uname", run(plan.root(), "uname", "-a"));
        os.put("name", System.getProperty("os.name"));
        os.put("version", System.getProperty("os.version"));
        os.put("arch", System.getProperty("os.arch"));
        m.put("os", os);
        Map<String, Object> memory = new LinkedHashMap<>();
        long kb = ProcFs.memTotalKb();
        memory.put("totalMb", kb < 0 ? null : kb / 1024);
        m.put("memory", memory);
        Map<String, Object> git = new LinkedHashMap<>();
        String commit = run(plan.root(), "git", "rev-parse", "HEAD");
        git.put("commit", commit);
        String status = run(plan.root(), "git", "status", "--porcelain");
        git.put("dirty", commit == null || status == null ? null : !status.isBlank());
        m.put("git", git);
        m.put("settings", plan.asMap());
        m.put("startedAt", startedAt);
        m.put("endedAt", endedAt);
        return m;
    }

    private static String run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out;
        } catch (Exception e) {
            return null;
        }
    }
}
