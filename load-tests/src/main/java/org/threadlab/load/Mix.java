package org.threadlab.load;

import java.util.List;

/**
 * The mixed workload: what one iteration of a mixed-workload user does, with weights in percent.
 * Every endpoint costs one query on the critical path except {@code cpu} (none); an order write is
 * followed by a read-back, so that iteration issues two requests. The lab derives the mixed
 * Little's-law bound from these figures.
 */
public final class Mix {
    /** One branch of the mix: weight (percent of iterations), requests it issues, queries on its critical path. */
    public record Branch(String endpoint, double weightPercent, int requests, int criticalPathQueries) {
    }

    public static final List<Branch> BRANCHES = List.of(
            new Branch("item", 55, 1, 1),
            new Branch("items-list", 10, 1, 1),
            new Branch("order", 15, 2, 2),
            new Branch("dashboard", 15, 1, 1),
            new Branch("cpu", 5, 1, 0));

    private Mix() {
    }

    /** Mean queries on the critical path per request (not per iteration). */
    public static double criticalPathQueriesPerRequest() {
        double requests = 0;
        double queries = 0;
        for (Branch b : BRANCHES) {
            requests += b.weightPercent() * b.requests();
            queries += b.weightPercent() * b.criticalPathQueries();
        }
        return queries / requests;
    }
}
