package org.threadlab.core.reliability;

import java.util.List;

/**
 * One row of the bad-input battery: bytes exactly as sent on a fresh connection, and what a
 * server may do about them.
 *
 * @param bytes      the request bytes, possibly not HTTP at all
 * @param layer      who decides the answer: the engine's parser, or core (the engine passes the request on)
 * @param allowed    the acceptable outcomes; more than one only through a {@link BadInputs#DIFFERENCES} entry
 * @param difference the key of that entry, or null when every server must react the same way
 * @param halfClose  the client shuts its output after sending (a request cut short)
 * @param responses  how many responses a correct server writes (more than one for pipelined requests)
 */
public record BadInput(String name, byte[] bytes, Layer layer, List<Outcome> allowed, String difference,
                       boolean halfClose, int responses) {

    public BadInput {
        allowed = List.copyOf(allowed);
    }

    /** Who decides what a bad input gets. */
    public enum Layer {
        /** The engine's HTTP parser rejects it; the transport must answer with core's body. */
        ENGINE,
        /** The engine passes it on and core answers; core's own ReferenceServer can run these. */
        CORE
    }

    @Override
    public String toString() {
        return name + " -> " + (allowed.size() == 1 ? allowed.get(0) : "one of " + allowed);
    }
}
