package org.threadlab.lab;

import java.io.PrintWriter;
import org.threadlab.report.CompareCommand;
import org.threadlab.report.ReportCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code ./lab}: the ThreadLab load lab. {@code run} drives the Gatling suite against the servers
 * and writes results/&lt;run-id&gt;/; further subcommands (report, compare) read those results.
 */
@Command(name = "lab", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = "ThreadLab's load lab: platform threads, virtual threads and a reactive event loop, side by side.",
        subcommands = {RunCommand.class, ReportCommand.class, CompareCommand.class, CommandLine.HelpCommand.class})
public final class Lab implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed, e.g. 'lab run'");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; returns the exit status (tests call this). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Lab());
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("lab: " + oneLine(e.getMessage()) + " (see " + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help)");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof LabFailure f) {
                err.println("lab: " + oneLine(f.getMessage()));
                err.flush();
                return f.exitCode();
            }
            err.println("lab: " + oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
            err.flush();
            return 1;
        });
        return cl;
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static String oneLine(String message) {
        return message == null ? "failed" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
