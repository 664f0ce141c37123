package org.threadlab.core.db;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack of the first failed query ({@code --trace-first-fault}), written to stdout between two
 * marker lines that the lab reads from the server's log:
 * <pre>
 *   threadlab-fault-trace begin thread=worker-7 virtual=false
 *   	at org.threadlab.core.db.SimulatedDatabase.complete(SimulatedDatabase.java:231)
 *   	...
 *   threadlab-fault-trace end
 * </pre>
 */
public final class FaultTrace {
    public static final String BEGIN = "threadlab-fault-trace begin";
    public static final String END = "threadlab-fault-trace end";

    private FaultTrace() {
    }

    static void print(StackTraceElement[] frames) {
        print(frames, Thread.currentThread(), System.out);
    }

    static void print(StackTraceElement[] frames, Thread thread, PrintStream out) {
        StringBuilder b = new StringBuilder(BEGIN).append(" thread=").append(thread.getName().isEmpty() ? "(unnamed)"
                : thread.getName().replace(' ', '_')).append(" virtual=").append(thread.isVirtual()).append('\n');
        for (StackTraceElement f : frames) {
            b.append("\tat ").append(f).append('\n');
        }
        b.append(END).append('\n');
        synchronized (out) {
            out.print(b);
            out.flush();
        }
    }

    /** One trace as read back: the thread that ran the failed query and the frames, innermost first. */
    public record Trace(String thread, boolean virtual, List<String> frames) {
    }

    /** The traces in a server's log, in order; frames as their text, e.g. "org.x.Y.m(Y.java:12)". */
    public static List<Trace> read(List<String> logLines) {
        List<Trace> traces = new ArrayList<>();
        String thread = null;
        boolean virtual = false;
        List<String> frames = null;
        for (String line : logLines) {
            if (line.startsWith(BEGIN)) {
                thread = "?";
                virtual = false;
                for (String part : line.substring(BEGIN.length()).trim().split(" ")) {
                    if (part.startsWith("thread=")) {
                        thread = part.substring("thread=".length());
                    } else if (part.startsWith("virtual=")) {
                        virtual = Boolean.parseBoolean(part.substring("virtual=".length()));
                    }
                }
                frames = new ArrayList<>();
            } else if (line.equals(END) && frames != null) {
                traces.add(new Trace(thread, virtual, List.copyOf(frames)));
                frames = null;
            } else if (frames != null && line.startsWith("\tat ")) {
                frames.add(line.substring(4));
            }
        }
        return traces;
    }
}
