package org.threadlab.lab;

import java.util.List;
import java.util.Locale;
import org.threadlab.load.Mix;
import org.threadlab.load.RequestName;

/** The lab's view of each simulation of the suite: load model, level unit, queries per request. */
enum Scenario {
    CAPACITY("closed", 1.0),
    LATENCY("open", 1.0),
    MIXED("closed", Mix.criticalPathQueriesPerRequest()),
    SPIKE("open", 1.0),
    FAULTS("open", 1.0);

    static final List<String> NAMES = List.of("capacity", "latency", "mixed", "spike", "faults");

    final String loadModel;
    /** Mean database queries on a request's critical path: the latency Little's law divides by. */
    final double criticalPathQueries;

    Scenario(String loadModel, double criticalPathQueries) {
        this.loadModel = loadModel;
        this.criticalPathQueries = criticalPathQueries;
    }

    static Scenario of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean closed() {
        return "closed".equals(loadModel);
    }

    String levelUnit() {
        return closed() ? "clients" : "rps";
    }

    String requestNameUnit() {
        return closed() ? RequestName.CLIENTS : RequestName.RPS;
    }
}
