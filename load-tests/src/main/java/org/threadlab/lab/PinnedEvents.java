package org.threadlab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR's {@code jdk.VirtualThreadPinned} events of a server on virtual threads: the lab starts it
 * recording only that event (no threshold, with stacks), dumps the recording with jcmd once its
 * suite is done, and counts the events per level window, with the stack seen most often.
 */
final class PinnedEvents {
    static final String EVENT = "jdk.VirtualThreadPinned";
    /** Frames of a stack kept for the report, innermost first. */
    static final int FRAMES = 8;
    private static final String RECORDING = "threadlab-pinning";

    /** One event: when it ended and its stack, innermost frame first. */
    record Pin(long endEpochMs, List<String> frames) {
    }

    /** The count in a window and the most frequent stack there (null when none). */
    record Summary(long count, String topStack) {
    }

    private PinnedEvents() {
    }

    /** Whether the lab records pinning for this server: the models whose requests run on virtual threads. */
    static boolean recorded(String server) {
        return org.threadlab.report.ServerNames.model(server).equals("virtual");
    }

    /** The server JVM's option that records the event into {@code file}. */
    static String jvmOption(Path file) {
        return "-XX:StartFlightRecording=name=" + RECORDING + ",filename=" + file + ",settings=none,+" + EVENT
                + "#enabled=true,+" + EVENT + "#threshold=0ms,+" + EVENT + "#stackTrace=true";
    }

    /**
     * Dumps the running server's recording to its file with jcmd (the server keeps running).
     *
     * @return why it could not, or null
     */
    static String dump(long pid, Path file) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "JFR.dump", "name=" + RECORDING,
                    "filename=" + file).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "jcmd JFR.dump did not finish in 60 s";
            }
            return p.exitValue() == 0 && Files.isRegularFile(file) ? null
                    : "jcmd JFR.dump failed: " + out.replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "cannot run jcmd: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Every pinned event in a recording. */
    static List<Pin> read(Path file) throws IOException {
        List<Pin> pins = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals(EVENT)) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            if (e.getStackTrace() != null) {
                for (RecordedFrame f : e.getStackTrace().getFrames()) {
                    if (frames.size() == FRAMES) {
                        break;
                    }
                    frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName()
                            + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : ""));
                }
            }
            pins.add(new Pin(e.getEndTime().toEpochMilli(), List.copyOf(frames)));
        }
        return pins;
    }

    /** The events that ended within [startMs, endMs). */
    static Summary in(List<Pin> pins, long startMs, long endMs) {
        List<Pin> inside = pins.stream().filter(p -> p.endEpochMs() >= startMs && p.endEpochMs() < endMs).toList();
        if (inside.isEmpty()) {
            return new Summary(0, null);
        }
        Map<String, Long> byStack = inside.stream().collect(Collectors.groupingBy(p -> String.join(" < ", p.frames()),
                LinkedHashMap::new, Collectors.counting()));
        String top = byStack.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(null);
        return new Summary(inside.size(), top);
    }
}
