package org.threadlab.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.threadlab.load.JitSettle;
import org.threadlab.load.LevelClock;
import org.threadlab.load.SuiteSimulation;

/**
 * One Gatling JVM running {@link SuiteSimulation} against one server: its console goes to a log
 * file, and the level-start markers the simulation prints are collected (for progress and for
 * placing resource samples).
 */
final class GatlingRun {
    static final String MAIN_CLASS = "io.gatling.app.Gatling";
    private static final Pattern ASSERTION = Pattern.compile(" : (true|false)\\b");
    private static final Pattern MARKER = Pattern.compile(LevelClock.MARKER + " key=(\\S+) startEpochMs=(\\d+)");
    private static final Pattern JIT = Pattern.compile(JitSettle.MARKER + " afterMs=(\\d+) compileMs=(-?\\d+)"
            + " reason=(\\S+) rule=(\\S+)");

    final Process process;
    final List<String> command;
    final Map<String, Long> levelStarts = new ConcurrentHashMap<>();
    final List<String> assertionLines = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread pump;

    private GatlingRun(Process process, List<String> command, Path log, BiConsumer<String, Long> onLevel,
                       Consumer<Map<String, Object>> onJitSettled) throws IOException {
        this.process = process;
        this.command = command;
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        out.write("# " + String.join(" ", command) + System.lineSeparator());
        this.pump = Thread.ofPlatform().daemon().name("gatling-console").start(() -> {
            try (out; BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.write(System.lineSeparator());
                    // Line by line, so that the log can be followed (tail -f, the tests) while Gatling runs.
                    out.flush();
                    Matcher m = MARKER.matcher(line);
                    if (m.find()) {
                        String key = m.group(1).replace('_', ' ');
                        long start = Long.parseLong(m.group(2));
                        levelStarts.put(key, start);
                        onLevel.accept(key, start);
                    } else if ((m = JIT.matcher(line)).find()) {
                        Map<String, Object> j = new java.util.LinkedHashMap<>();
                        j.put("afterMs", Long.parseLong(m.group(1)));
                        long compileMs = Long.parseLong(m.group(2));
                        j.put("serverJitCompileMs", compileMs < 0 ? null : compileMs);
                        j.put("endedBecause", m.group(3).replace('_', ' '));
                        j.put("rule", m.group(4).replace('_', ' '));
                        onJitSettled.accept(j);
                    } else if (ASSERTION.matcher(line).find()) {
                        assertionLines.add(line.trim());
                    }
                }
            } catch (IOException e) {
                // the process went away; what was read is in the log
            }
        });
    }

    /** The SLF4J provider the lab and Gatling log through. */
    static final String LOGBACK = "ch.qos.logback.classic.spi.LogbackServiceProvider";

    static List<String> command(RunPlan plan, URI baseUri, Path resultsFolder, String description) {
        List<String> cmd = new ArrayList<>(CpuLayout.taskset(plan.cpus().generator()));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(plan.gatlingJvmOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        // Gatling logs through Logback; say so, whatever other SLF4J provider a class path carries.
        cmd.add("-Dslf4j.provider=" + LOGBACK);
        cmd.add("-Dthreadlab.baseUrl=" + baseUri);
        cmd.add("-Dthreadlab.scenarios=" + String.join(",", plan.scenarios()));
        for (String scenario : plan.scenarios()) {
            cmd.add("-Dthreadlab.levels." + scenario + "=" + String.join(",",
                    plan.levels().get(scenario).stream().map(org.threadlab.load.RequestName::formatLevel).toList()));
        }
        cmd.add("-Dthreadlab.warmup=" + RunPlan.Durations.format(plan.warmup()));
        cmd.add("-Dthreadlab.duration=" + RunPlan.Durations.format(plan.duration()));
        cmd.add("-Dthreadlab.spike.burst=" + RunPlan.Durations.format(plan.spikeBurst()));
        cmd.add("-Dthreadlab.spike.recovery=" + RunPlan.Durations.format(plan.spikeRecovery()));
        cmd.add("-Dthreadlab.faults.errorRate=" + RunPlan.FAULTS_ERROR_RATE);
        cmd.add("-Dthreadlab.stall.rounds=" + plan.stallRounds());
        cmd.add("-Dthreadlab.stall.heavyShare=" + plan.stallHeavyShare());
        // what the c10k scenario sets the database back to after its own latency
        cmd.add("-Dthreadlab.dbLatency=" + plan.dbLatency());
        cmd.add("-Dthreadlab.jitWarmup=" + RunPlan.Durations.format(plan.jitWarmup()));
        cmd.add("-Dthreadlab.jitWarmupMax=" + RunPlan.Durations.format(plan.jitWarmupMax()));
        cmd.add("-Dthreadlab.jitSettle=" + RunPlan.JIT_SETTLE_SHARE);
        cmd.add(MAIN_CLASS);
        cmd.add("--simulation");
        cmd.add(SuiteSimulation.class.getName());
        cmd.add("--results-folder");
        cmd.add(resultsFolder.toString());
        cmd.add("--run-description");
        cmd.add(description);
        return cmd;
    }

    static GatlingRun start(List<String> command, Path log, ManagedProcesses processes,
                            BiConsumer<String, Long> onLevel, Consumer<Map<String, Object>> onJitSettled)
            throws IOException {
        Process p = processes.start(new ProcessBuilder(command).redirectErrorStream(true));
        return new GatlingRun(p, command, log, onLevel, onJitSettled);
    }

    /** Waits for the console to be fully copied (after the process ended). */
    void drain() {
        try {
            pump.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
