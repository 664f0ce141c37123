package org.threadlab.reactive;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects what Vert.x's blocked-thread checker warns while it is open. Without SLF4J or Log4j on
 * the class path Vert.x logs through java.util.logging, under this logger name.
 */
final class BlockedThreadWarnings extends Handler implements AutoCloseable {
    static final String LOGGER_NAME = "io.vertx.core.impl.BlockedThreadChecker";
    private static final Pattern BLOCKED_FOR = Pattern.compile("has been blocked for (\\d+) ms");
    /** Top frames of a thread that waits rather than runs: asleep, parked, or in Object.wait. */
    private static final List<String> WAITING_FRAMES = List.of("java.lang.Thread.sleep", "java.lang.Thread.yield",
            "jdk.internal.misc.Unsafe.park", "java.lang.Object.wait");

    // Held strongly: java.util.logging forgets a logger (and its handlers) nobody references.
    private final Logger logger = Logger.getLogger(LOGGER_NAME);
    private final boolean parentHandlers = logger.getUseParentHandlers();
    private final List<Warning> warnings = new CopyOnWriteArrayList<>();

    private BlockedThreadWarnings() {
    }

    static BlockedThreadWarnings capture() {
        BlockedThreadWarnings capture = new BlockedThreadWarnings();
        capture.logger.addHandler(capture);
        capture.logger.setUseParentHandlers(false);
        return capture;
    }

    List<Warning> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            Matcher m = BLOCKED_FOR.matcher(record.getMessage());
            long millis = m.find() ? Long.parseLong(m.group(1)) : -1;
            StackTraceElement[] stack = record.getThrown() == null ? new StackTraceElement[0]
                    : record.getThrown().getStackTrace();
            warnings.add(new Warning(record.getMessage(), millis, stack));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(parentHandlers);
    }

    /**
     * One report. Vert.x attaches the loop's stack when the block outlasts the warning-exception
     * time, so set that low to read what the loop was doing.
     */
    record Warning(String message, long blockedMillis, StackTraceElement[] stack) {
        /** The loop was caught waiting (sleeping, parked, in a monitor wait), not running code. */
        boolean waiting() {
            if (stack.length == 0) {
                return false;
            }
            String top = stack[0].getClassName() + "." + stack[0].getMethodName();
            return WAITING_FRAMES.stream().anyMatch(top::startsWith);
        }

        @Override
        public String toString() {
            return message + (stack.length == 0 ? "" : " at " + stack[0]);
        }
    }
}
