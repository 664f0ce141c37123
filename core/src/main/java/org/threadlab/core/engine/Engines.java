package org.threadlab.core.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which engines each model's server can run on, its default first: the one table behind
 * {@code --engine} and the lab's {@code --servers matrix}. The module is the model (how a request
 * is scheduled); the engine is the control (whose HTTP parser, event loops and socket code carry it).
 */
public final class Engines {
    public static final String NETTY = "netty";
    public static final String VERTX = "vertx";
    public static final String HELIDON = "helidon";

    private static final Map<String, List<String>> BY_MODEL = byModel();

    private Engines() {
    }

    private static Map<String, List<String>> byModel() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("blocking", List.of(NETTY, VERTX));
        m.put("virtual", List.of(HELIDON, NETTY, VERTX));
        m.put("reactive", List.of(VERTX, NETTY));
        return m;
    }

    /** The three models, in the order the lab runs them. */
    public static List<String> models() {
        return List.copyOf(BY_MODEL.keySet());
    }

    /** The engines of a model, its default first; empty for a model this table does not know. */
    public static List<String> of(String model) {
        return BY_MODEL.getOrDefault(model, List.of());
    }

    /** The engine a model's server runs on without {@code --engine}; null for an unknown model. */
    public static String defaultOf(String model) {
        List<String> engines = of(model);
        return engines.isEmpty() ? null : engines.get(0);
    }

    /** Every model:engine pair, defaults first within each model: the lab's matrix. */
    public static List<String> pairs() {
        return BY_MODEL.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(engine -> e.getKey() + ":" + engine))
                .toList();
    }
}
