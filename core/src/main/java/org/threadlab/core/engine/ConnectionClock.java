package org.threadlab.core.engine;

import java.time.Duration;

/**
 * The idle and read-timeout policy of one connection, written once and free of any engine: each
 * engine tells it what happened (bytes read, a request's head or whole request in, a response
 * written) with the time, schedules one timer for {@link #deadline()}, and asks {@link #expire}
 * when it fires. Not thread-safe: an engine calls it from the connection's event loop, or under a
 * lock of its own.
 *
 * <ul>
 *   <li>idle (just connected, or every response written with nothing left to read): the connection
 *       is closed {@code --idle-timeout} after it became idle;</li>
 *   <li>reading (from the first byte of a request until the whole request is in): cut off
 *       {@code --read-timeout} after that first byte, however often the client sends a byte;</li>
 *   <li>serving (every request read is with the model, waiting for the database as long as it
 *       takes): no deadline. Bytes that arrive meanwhile (a pipelined request the engine does not
 *       read yet) start their clock only when the last response is written.</li>
 * </ul>
 */
public final class ConnectionClock {
    /** No deadline. */
    public static final long NONE = Long.MAX_VALUE;

    /** What {@link #expire} found. */
    public enum Expiry {
        /** Nothing is due: re-arm for {@link #deadline()}. */
        NOT_YET,
        /** Idle beyond {@code --idle-timeout}: close the connection. */
        IDLE,
        /**
         * A request did not arrive within {@code --read-timeout}: answer core's 408 when the engine
         * still can ({@link #headIn()}: the head was read), then close.
         */
        READ
    }

    private enum Phase { IDLE, READING, SERVING, CLOSED }

    private final long idleNanos;
    private final long readNanos;
    private Phase phase = Phase.IDLE;
    /** When the current phase began (idle, reading). */
    private long since;
    /** Requests whose head is in and whose response is not written. */
    private int open;
    /** A request's head is in, and its body is still being read. */
    private boolean headIn;
    /** Bytes arrived while serving: the next request began before the last response was written. */
    private boolean bytesWhileServing;

    public ConnectionClock(Duration idleTimeout, Duration readTimeout, long nowNanos) {
        this.idleNanos = idleTimeout.toNanos();
        this.readNanos = readTimeout.toNanos();
        this.since = nowNanos;
    }

    /** Bytes arrived: an idle connection starts reading a request. */
    public void bytesRead(long nowNanos) {
        if (phase == Phase.IDLE) {
            phase = Phase.READING;
            since = nowNanos;
        } else if (phase == Phase.SERVING) {
            bytesWhileServing = true;
        }
    }

    /**
     * A request's head is in and its body follows (engines that hand heads over before bodies). A
     * request read while another is served starts its clock now.
     */
    public void requestStarted(long nowNanos) {
        if (phase == Phase.CLOSED) {
            return;
        }
        open++;
        headIn = true;
        if (phase != Phase.READING) {
            phase = Phase.READING;
            since = nowNanos;
        }
    }

    /** The whole request is in and goes to the model: no deadline until its response is written. */
    public void requestReceived() {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (!headIn) {
            open++; // an engine that hands over whole requests only
        }
        headIn = false;
        bytesWhileServing = false;
        phase = Phase.SERVING;
    }

    /** A response was written; with none left open, the connection reads on or is idle, from now. */
    public void responded(long nowNanos) {
        if (phase == Phase.CLOSED) {
            return;
        }
        open = Math.max(0, open - 1);
        if (open == 0) {
            phase = bytesWhileServing ? Phase.READING : Phase.IDLE;
            bytesWhileServing = false;
            since = nowNanos;
        }
    }

    /** When the connection must be looked at next; {@link #NONE} while serving or closed. */
    public long deadline() {
        return switch (phase) {
            case IDLE -> since + idleNanos;
            case READING -> since + readNanos;
            case SERVING, CLOSED -> NONE;
        };
    }

    /** What is due at {@code nowNanos}; anything but {@link Expiry#NOT_YET} closes the clock. */
    public Expiry expire(long nowNanos) {
        long deadline = deadline();
        if (deadline == NONE || nowNanos - deadline < 0) {
            return Expiry.NOT_YET;
        }
        Expiry expiry = phase == Phase.IDLE ? Expiry.IDLE : Expiry.READ;
        phase = Phase.CLOSED;
        return expiry;
    }

    /** A request's head was read and its body was not: a 408 can still be its answer. */
    public boolean headIn() {
        return headIn;
    }

    /** True while every request read is with the model. */
    public boolean serving() {
        return phase == Phase.SERVING;
    }

    /** The connection is gone, or was expired. */
    public void closed() {
        phase = Phase.CLOSED;
    }

    public boolean isClosed() {
        return phase == Phase.CLOSED;
    }
}
