package org.threadlab.core.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code GET /api/cpu?rounds=N}: CPU-bound work without the database (chained SHA-256 over 32
 * bytes), for mixed workloads and the lab's stall scenario. N is bounded so that one request stays
 * well under a second (about 0.3 us a round here: the maximum is some 300 ms of one core).
 */
public final class CpuResource {
    static final int DEFAULT_ROUNDS = 1_000;
    /** The most rounds one request may ask for. */
    public static final int MAX_ROUNDS = 1_000_000;

    Exchange get(QueryParameters parameters) {
        Integer rounds = parameters.intWithin("rounds", DEFAULT_ROUNDS, 1, MAX_ROUNDS);
        if (rounds == null) {
            return Exchange.answered(Problem.badRequest("rounds must be an integer from 1 to " + MAX_ROUNDS));
        }
        byte[] digest = new byte[32];
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < rounds; i++) {
                digest = sha.digest(digest);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return Exchange.answered(ApiResponse.json(200, new CpuResult(rounds, HexFormat.of().formatHex(digest))));
    }

    record CpuResult(int rounds, String digest) {
    }
}
