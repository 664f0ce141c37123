package org.threadlab.core.reliability;

import org.threadlab.core.api.TransportFailure;

/** One acceptable way for a server to react to a bad input. */
public sealed interface Outcome {

    /**
     * A response written from core's answer: this status, the model header and, for an error, a
     * problem of this type.
     *
     * @param problemType       the problem type's last segment (e.g. {@code malformed-request}); null for a success
     * @param closesConnection  the server must close the connection after it (the framing cannot be trusted), and
     *                          nothing may follow it: a smuggled request stays unanswered
     */
    record Answer(int status, String problemType, boolean closesConnection) implements Outcome {
        @Override
        public String toString() {
            return status + (problemType == null ? "" : " " + problemType) + (closesConnection ? " + close" : "");
        }
    }

    /** The engine's own bare answer, which no transport hook can replace; only its status is checked. */
    record EngineAnswer(int status) implements Outcome {
        @Override
        public String toString() {
            return status + " (engine's own answer)";
        }
    }

    /** The server closes the connection without a response. */
    record Closed() implements Outcome {
        @Override
        public String toString() {
            return "connection closed";
        }
    }

    static Outcome ok() {
        return new Answer(200, null, false);
    }

    static Outcome problem(int status, String problemType) {
        return new Answer(status, problemType, false);
    }

    /** What a transport answers through {@code Api.transportFailure}, then closes. */
    static Outcome failure(TransportFailure failure) {
        return new Answer(failure.status(), slug(failure), true);
    }

    /** A malformed request that core itself may answer (the framing is intact): the connection may stay open. */
    static Outcome malformed() {
        return new Answer(400, slug(TransportFailure.MALFORMED), false);
    }

    static Outcome closed() {
        return new Closed();
    }

    static Outcome engine(int status) {
        return new EngineAnswer(status);
    }

    static String slug(TransportFailure failure) {
        String type = failure.problemType();
        return type.substring(type.lastIndexOf(':') + 1);
    }
}
