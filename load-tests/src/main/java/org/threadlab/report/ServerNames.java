package org.threadlab.report;

import java.util.List;
import java.util.Locale;
import org.threadlab.core.engine.Engines;

/**
 * How a run names its servers: a model on its default engine is the model alone ({@code virtual});
 * a control on another engine is {@code MODEL:ENGINE} ({@code virtual:netty}); the blocking model
 * with a pool of its own size is {@code blocking@N} ({@code blocking@10000}: thread per request on
 * as many platform threads as there are clients, the C10K control). The same name keys
 * levels.json, the charts and the tables, so a run of the three defaults reads as it always did.
 */
public final class ServerNames {
    private ServerNames() {
    }

    /**
     * The run's name for what {@code --servers} says: {@code virtual:helidon} is {@code virtual};
     * an unknown model or engine is refused with the valid ones; a name without a colon passes as it is.
     */
    public static String normalize(String token) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        int at = t.indexOf('@');
        if (at >= 0) {
            String base = normalize(t.substring(0, at));
            if (!model(base).equals("blocking")) {
                throw new IllegalArgumentException("'" + token.trim() + "': @N (a pool of N workers) is for the blocking"
                        + " model only");
            }
            int n;
            try {
                n = Integer.parseInt(t.substring(at + 1));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 100_000) {
                throw new IllegalArgumentException("'" + token.trim() + "': @N must be a pool of 1..100000 workers");
            }
            return base + "@" + n;
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
            return t;
        }
        String model = t.substring(0, colon);
        String engine = t.substring(colon + 1);
        List<String> engines = Engines.of(model);
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("unknown model '" + model + "' in '" + token.trim() + "' (known: "
                    + String.join(", ", Engines.models()) + ")");
        }
        if (!engines.contains(engine)) {
            throw new IllegalArgumentException("unknown engine '" + engine + "' for " + model + " (known: "
                    + String.join(", ", engines) + ")");
        }
        return engine.equals(Engines.defaultOf(model)) ? model : model + ":" + engine;
    }

    /** Every model on every engine, defaults first within each model: {@code --servers matrix}. */
    public static List<String> matrix() {
        return Engines.pairs().stream().map(ServerNames::normalize).toList();
    }

    /** The model of a server name ({@code virtual:netty} is virtual); a target's name is itself. */
    public static String model(String name) {
        String base = withoutWorkers(name);
        int colon = base.indexOf(':');
        return colon < 0 ? base : base.substring(0, colon);
    }

    /** The engine of a server name, its model's default when none is named; null for a target. */
    public static String engine(String name) {
        String base = withoutWorkers(name);
        int colon = base.indexOf(':');
        return colon < 0 ? Engines.defaultOf(base) : base.substring(colon + 1);
    }

    /** The pool size a {@code blocking@N} name sets, or null when the run's {@code --workers} applies. */
    public static Integer workers(String name) {
        int at = name.indexOf('@');
        return at < 0 ? null : Integer.valueOf(name.substring(at + 1));
    }

    /** True for a control: a model on an engine other than its default, or with a pool size of its own. */
    public static boolean isControl(String name) {
        return name.indexOf(':') >= 0 || name.indexOf('@') >= 0;
    }

    private static String withoutWorkers(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }
}
