package org.threadlab.report;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * One colour per server, the same in every chart and table (Okabe-Ito, readable by colour-blind
 * readers): blocking vermillion, virtual blue, reactive green; other targets take the rest. A
 * control keeps its model's hue, lighter or darker by engine, so that charts group pairs by model.
 */
final class Palette {
    static final Color BLOCKING = new Color(0xD55E00);
    static final Color VIRTUAL = new Color(0x0072B2);
    static final Color REACTIVE = new Color(0x009E73);
    static final Color BOUND = new Color(0x555555);
    static final Color SLO = new Color(0xB00020);
    private static final List<Color> OTHERS = List.of(new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9),
            new Color(0x000000));

    private Palette() {
    }

    static Color of(String server) {
        Color model = switch (ServerNames.model(server)) {
            case "blocking" -> BLOCKING;
            case "virtual" -> VIRTUAL;
            case "reactive" -> REACTIVE;
            default -> null;
        };
        if (model == null) {
            return OTHERS.get(Math.floorMod(server.hashCode(), OTHERS.size()));
        }
        if (!ServerNames.isControl(server)) {
            return model;
        }
        if (ServerNames.workers(server) != null) {
            return mix(model, Color.BLACK, 0.45);
        }
        int engine = org.threadlab.core.engine.Engines.of(ServerNames.model(server)).indexOf(ServerNames.engine(server));
        return engine == 1 ? mix(model, Color.WHITE, 0.45) : mix(model, Color.BLACK, 0.35);
    }

    private static Color mix(Color a, Color b, double share) {
        return new Color((int) Math.round(a.getRed() * (1 - share) + b.getRed() * share),
                (int) Math.round(a.getGreen() * (1 - share) + b.getGreen() * share),
                (int) Math.round(a.getBlue() * (1 - share) + b.getBlue() * share));
    }

    /** "#d55e00" for CSS. */
    static String css(String server) {
        Color c = of(server);
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
