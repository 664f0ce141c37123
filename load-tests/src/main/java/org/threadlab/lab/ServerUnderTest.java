package org.threadlab.lab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.threadlab.report.ServerNames;

/**
 * A server the suite drives: a JVM the lab starts from server-NAME/target/server-NAME.jar with the
 * shared JVM options (its output in logs/NAME.log), or a remote --target.
 */
final class ServerUnderTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    /** Tests only: a shell command that stands in for a server (e.g. one that never gets healthy). */
    static final String COMMAND_PROPERTY = "threadlab.lab.serverCommand.";

    final String name;
    final URI baseUri;
    final Process process;
    final List<String> command;

    private ServerUnderTest(String name, URI baseUri, Process process, List<String> command) {
        this.name = name;
        this.baseUri = baseUri;
        this.process = process;
        this.command = command;
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    boolean local() {
        return process != null;
    }

    boolean alive() {
        return process == null || process.isAlive();
    }

    /** The command that starts the server: in its cgroup (when it has one), on its CPU set, then the JVM. */
    static List<String> command(RunPlan plan, String name, ServerCgroup cgroup, List<String> databaseArgs,
                                Path pinningRecording) {
        List<String> cmd = new ArrayList<>(CpuLayout.taskset(plan.cpus().server()));
        cmd.addAll(jvmCommand(plan, name, databaseArgs, pinningRecording));
        return cgroup == null ? cmd : cgroup.wrap(cmd);
    }

    private static List<String> jvmCommand(RunPlan plan, String name, List<String> databaseArgs,
                                           Path pinningRecording) {
        String substitute = System.getProperty(COMMAND_PROPERTY + name);
        if (substitute != null && !substitute.isBlank()) {
            return List.of("bash", "-c", substitute);
        }
        String model = ServerNames.model(name);
        Path jar = plan.root().resolve("server-" + model).resolve("target").resolve("server-" + model + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new LabFailure("server-" + model + " is not built: " + jar + " is missing (./lab builds it; or run ./mvnw -DskipTests install)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(plan.serverJvmOptions());
        if (pinningRecording != null) {
            // JFR's jdk.VirtualThreadPinned only, every event with its stack (PinnedEvents)
            cmd.add(PinnedEvents.jvmOption(pinningRecording));
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("--engine");
        cmd.add(ServerNames.engine(name));
        cmd.add("--port");
        cmd.add(Integer.toString(plan.serverPorts().getOrDefault(name, 0)));
        // --db postgres --db-url ... where the run has a PostgreSQL; nothing for the simulated database
        cmd.addAll(databaseArgs);
        cmd.add("--db-latency");
        cmd.add(plan.dbLatency());
        cmd.add("--db-pool-size");
        cmd.add(Integer.toString(plan.dbPoolSize()));
        cmd.add("--workers");
        cmd.add(Integer.toString(plan.workers(name)));
        cmd.add("--io-threads");
        cmd.add(Integer.toString(plan.ioThreads()));
        // PUT /admin/faults, which the faults scenario switches the database's failures with (for the lab only)
        cmd.add("--admin-faults");
        // the stack of the first failed query, for the report's debugging claim (printed to the server's log)
        cmd.add("--trace-first-fault");
        cmd.addAll(plan.serverArgs());
        return cmd;
    }

    /** Starts the server and waits (bounded) for its address and a healthy /health. */
    static ServerUnderTest start(RunPlan plan, String name, Path log, ManagedProcesses processes, ServerCgroup cgroup,
                                 List<String> databaseArgs, Path pinningRecording) throws IOException {
        List<String> cmd = command(plan, name, cgroup, databaseArgs, pinningRecording);
        Files.writeString(log, "# " + String.join(" ", cmd) + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        long logStart = Files.size(log);
        Process process = processes.start(new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
        long deadline = System.nanoTime() + plan.startupTimeout().toNanos();
        URI uri = null;
        while (uri == null) {
            uri = listeningAddress(log, logStart).orElse(null);
            if (uri != null) {
                break;
            }
            if (!process.isAlive()) {
                throw new LabFailure("server " + name + " failed to start (exit " + exitCode(process) + "): "
                        + lastLine(log, logStart));
            }
            if (System.nanoTime() > deadline) {
                throw new LabFailure("server " + name + " did not report its address within "
                        + RunPlan.Durations.format(plan.startupTimeout()) + " (see " + log + ")");
            }
            sleep(50);
        }
        ServerUnderTest server = new ServerUnderTest(name, uri, process, cmd);
        server.awaitHealthy(deadline, plan.startupTimeout(), log.toString());
        return server;
    }

    static ServerUnderTest target(RunPlan plan, String name) {
        ServerUnderTest server = new ServerUnderTest(name, plan.targets().get(name), null, List.of());
        server.awaitHealthy(System.nanoTime() + plan.startupTimeout().toNanos(), plan.startupTimeout(),
                plan.targets().get(name).toString());
        return server;
    }

    private void awaitHealthy(long deadline, Duration timeout, String where) {
        URI health = URI.create(baseUri + "/health");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (true) {
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not up yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LabFailure("interrupted while waiting for server " + name);
                }
                if (process != null && !process.isAlive()) {
                    throw new LabFailure("server " + name + " exited (status " + exitCode(process)
                            + ") before /health answered (see " + where + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new LabFailure("server " + name + " never became healthy: " + health + " did not answer 200 within "
                            + RunPlan.Durations.format(timeout) + " (see " + where + ")");
                }
                sleep(100);
            }
        }
    }

    private static Optional<URI> listeningAddress(Path log, long from) {
        for (String line : linesFrom(log, from)) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Optional.of(URI.create(m.group(1).replaceAll("/+$", "")));
            }
        }
        return Optional.empty();
    }

    static String lastLine(Path log, long from) {
        List<String> lines = linesFrom(log, from).stream().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no output; see " + log + ")" : lines.get(lines.size() - 1).trim();
    }

    private static List<String> linesFrom(Path log, long from) {
        try {
            byte[] all = Files.readAllBytes(log);
            int start = (int) Math.min(from, all.length);
            return new String(all, start, all.length - start).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String exitCode(Process p) {
        try {
            return Integer.toString(p.exitValue());
        } catch (IllegalThreadStateException e) {
            return "running";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabFailure("interrupted");
        }
    }
}
