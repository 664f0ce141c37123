package org.threadlab.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.threadlab.core.engine.Engines;

/**
 * "Is it the model or the engine?": for a run with more than one engine, each model × engine pair
 * at its knee and at one load every pair shares, and sentences generated from those figures: how
 * far the engine moves one model, and how much of the gap between two models stays when the engine
 * is held fixed. Built once; {@link #html}, {@link #markdown} and {@link #json} render it.
 */
final class EngineMatrix {
    /** A gap within this factor of 1 is called no gap. */
    static final double SAME = 1.10;

    /** One pair: its knee point and its point at the shared load (either may be null). */
    record Pair(String server, String model, String engine, SloKnee knee, LevelPoint shared, PerInFlight memory) {
        LevelPoint at() {
            return knee == null ? null : knee.point();
        }
    }

    private final List<Pair> pairs;
    private final LevelPoint.XKey sharedLoad;
    private final List<String> sentences;

    private EngineMatrix(List<Pair> pairs, LevelPoint.XKey sharedLoad, List<String> sentences) {
        this.pairs = pairs;
        this.sharedLoad = sharedLoad;
        this.sentences = sentences;
    }

    /** The matrix of a run, or null when the run has one engine per model (nothing to hold fixed). */
    static EngineMatrix of(RunAnalysis a) {
        List<String> servers = a.servers.stream().filter(s -> !Engines.of(ServerNames.model(s)).isEmpty()).toList();
        boolean controls = servers.stream().anyMatch(ServerNames::isControl);
        if (!controls || !a.scenarios.contains(a.headline)) {
            return null;
        }
        LevelPoint.XKey shared = sharedLoad(a, servers);
        List<Pair> pairs = new ArrayList<>();
        for (String server : servers) {
            SloKnee knee = a.knees.get(server).get(a.headline);
            List<LevelPoint> points = a.points(server, a.headline);
            LevelPoint there = shared == null ? null
                    : points.stream().filter(p -> p.x().equals(shared)).findFirst().orElse(null);
            PerInFlight memory = knee == null || knee.point() == null ? null : PerInFlight.of(points, knee.point());
            pairs.add(new Pair(server, ServerNames.model(server), ServerNames.engine(server)
                    + (ServerNames.workers(server) != null ? " (" + ServerNames.workers(server) + " workers)" : ""),
                    knee, there, memory));
        }
        pairs.sort(Comparator.comparingInt((Pair p) -> Engines.models().indexOf(p.model()))
                .thenComparingInt(p -> servers.indexOf(p.server())));
        return new EngineMatrix(pairs, shared, sentences(pairs, shared));
    }

    /**
     * The highest load of the headline scenario that every pair measured without the generator or
     * the machine in the way and at which every pair met the SLO; failing that, the lowest such load.
     */
    private static LevelPoint.XKey sharedLoad(RunAnalysis a, List<String> servers) {
        List<LevelPoint.XKey> common = new ArrayList<>(a.axis(a.headline));
        for (String server : servers) {
            List<LevelPoint.XKey> mine = a.points(server, a.headline).stream()
                    .filter(p -> LevelRow.MEASURE.equals(p.step()) && !p.generatorLimited()).map(LevelPoint::x).toList();
            common.retainAll(mine);
        }
        LevelPoint.XKey best = null;
        for (LevelPoint.XKey x : common) {
            boolean allMet = servers.stream().allMatch(s -> a.points(s, a.headline).stream()
                    .filter(p -> p.x().equals(x)).allMatch(a.slo::met));
            if (allMet) {
                best = x;
            }
        }
        return best != null ? best : common.isEmpty() ? null : common.get(0);
    }

    // ---- the sentences ----

    private static List<String> sentences(List<Pair> pairs, LevelPoint.XKey shared) {
        List<String> out = new ArrayList<>();
        String at = shared == null ? "" : " at " + shared.label();
        // The engine moves one model: the same model on every engine it ran on.
        Map<String, List<Pair>> byModel = pairs.stream().collect(Collectors.groupingBy(Pair::model, LinkedHashMap::new,
                Collectors.toList()));
        byModel.forEach((model, same) -> {
            if (same.size() < 2) {
                return;
            }
            String engines = same.stream().map(Pair::engine).collect(Collectors.joining(", "));
            List<Double> fractions = same.stream().map(p -> p.at() == null ? null : Bounds.fraction(p.at())).toList();
            List<Double> cpu = same.stream().map(p -> us(p.shared())).toList();
            StringBuilder s = new StringBuilder(capital(modelWords(model))).append(" on ").append(engines).append(": knee ")
                    .append(same.stream().map(p -> p.knee() == null ? "–" : p.knee().label()).collect(Collectors.joining(" / ")));
            if (fractions.stream().allMatch(Objects::nonNull)) {
                s.append(", ").append(range(fractions, 2)).append(" of the bound there");
            }
            if (cpu.stream().allMatch(Objects::nonNull)) {
                s.append("; CPU per request").append(at).append(' ').append(range(cpu, 0)).append(" µs (")
                        .append(same.stream().map(p -> p.engine() + " " + Numbers.number(us(p.shared())))
                                .collect(Collectors.joining(", ")))
                        .append(")");
                double spread = spread(cpu);
                s.append(spread <= SAME ? ": the engine hardly moves it." : ": the engine moves it "
                        + String.format(Locale.ROOT, "%.2f", spread) + "×.");
            } else {
                s.append('.');
            }
            out.add(s.toString());
        });
        // The model on a fixed engine: every pair of models that share an engine.
        List<String> models = List.copyOf(byModel.keySet());
        for (int i = 0; i < models.size(); i++) {
            for (int j = i + 1; j < models.size(); j++) {
                String sentence = modelGap(models.get(i), models.get(j), byModel, at);
                if (sentence != null) {
                    out.add(sentence);
                }
            }
        }
        return out;
    }

    /**
     * "virtual vs reactive, CPU per request at 400 clients: 1.31× on their default engines (helidon vs
     * vertx); 1.25× on vertx, 1.20× on netty: most of the gap stays with the engine held fixed."
     */
    private static String modelGap(String a, String b, Map<String, List<Pair>> byModel, String at) {
        Pair defaultA = byModel.get(a).stream().filter(p -> !ServerNames.isControl(p.server())).findFirst().orElse(null);
        Pair defaultB = byModel.get(b).stream().filter(p -> !ServerNames.isControl(p.server())).findFirst().orElse(null);
        List<String> same = new ArrayList<>();
        List<Double> sameRatios = new ArrayList<>();
        for (Pair pa : byModel.get(a)) {
            if (pa.engine().contains(" ")) {
                continue; // a pool-size control is not an engine
            }
            for (Pair pb : byModel.get(b)) {
                if (pb.engine().equals(pa.engine())) {
                    Double r = ratio(pa, pb);
                    if (r != null) {
                        same.add(String.format(Locale.ROOT, "%.2f×", r) + " on " + pa.engine() + " ("
                                + Numbers.number(us(pa.shared())) + " vs " + Numbers.number(us(pb.shared())) + " µs)");
                        sameRatios.add(r);
                    }
                }
            }
        }
        if (same.isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder(a + " vs " + b + ", CPU per request" + at + ": ");
        Double defaults = defaultA == null || defaultB == null ? null : ratio(defaultA, defaultB);
        if (defaults != null) {
            s.append(String.format(Locale.ROOT, "%.2f×", defaults)).append(" on their default engines (")
                    .append(defaultA.engine()).append(" vs ").append(defaultB.engine()).append("); ");
        }
        s.append("on the same engine ").append(String.join(", ", same));
        s.append(": ").append(judge(defaults, sameRatios)).append('.');
        return s.toString();
    }

    /**
     * What the ratios say: whether the gap between two models is the model's or the engines'. A
     * ratio within {@link #SAME} of 1 is no gap; the gap "stays" on an engine where the ratio points
     * the same way as on the default engines and keeps at least half of it (on a log scale).
     */
    static String judge(Double defaults, List<Double> sameEngine) {
        long gaps = sameEngine.stream().filter(EngineMatrix::gap).count();
        if (defaults == null) {
            return gaps == sameEngine.size() ? "the models differ on the same engine"
                    : gaps == 0 ? "on the same engine they cost the same" : "on the same engine it depends on the engine";
        }
        if (!gap(defaults)) {
            return gaps == 0 ? "no gap either way"
                    : "the default engines hide a gap that the same engine shows: one model's engine makes up for it";
        }
        if (gaps == 0) {
            return "the gap goes when the engine is held fixed: it was the engines'";
        }
        boolean allStay = sameEngine.stream().allMatch(r -> gap(r)
                && Math.signum(Math.log(r)) == Math.signum(Math.log(defaults))
                && Math.abs(Math.log(r)) >= 0.5 * Math.abs(Math.log(defaults)));
        return allStay ? "most of the gap stays with the engine held fixed: it is the model's"
                : "the engine changes the gap: part model, part engine";
    }

    private static boolean gap(double ratio) {
        return Math.max(ratio, 1 / ratio) > SAME;
    }

    private static Double ratio(Pair a, Pair b) {
        Double x = us(a.shared());
        Double y = us(b.shared());
        return x == null || y == null || y <= 0 ? null : x / y;
    }

    /** CPU per request in µs (= ms per 1,000 requests). */
    private static Double us(LevelPoint p) {
        return p == null ? null : p.cpuMsPer1kReq();
    }

    private static double spread(List<Double> v) {
        double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return min <= 0 ? Double.POSITIVE_INFINITY : max / min;
    }

    private static String range(List<Double> v, int decimals) {
        double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        String f = "%." + decimals + "f";
        String lo = String.format(Locale.ROOT, f, min);
        String hi = String.format(Locale.ROOT, f, max);
        return lo.equals(hi) ? lo : lo + "–" + hi;
    }

    private static String modelWords(String model) {
        return switch (model) {
            case "blocking" -> "the blocking pool";
            case "virtual" -> "virtual threads";
            case "reactive" -> "the event loop";
            default -> model;
        };
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---- rendering ----

    private Table<Pair> table() {
        return new Table<>(pairs)
                .text("Pair", Pair::server).key("server").cellHtml(p -> Html.server(p.server()))
                .text("Model", Pair::model).key("model")
                .text("Engine", Pair::engine).key("engine")
                .text("Knee", p -> p.knee() == null ? "not measured" : p.knee().label()).key("knee")
                .value("req/s there", p -> p.at() == null ? null : p.at().throughputRps(),
                        p -> p.at() == null ? "–" : Numbers.rps(p.at().throughputRps())).key("throughputRps")
                .value("of the bound", p -> p.at() == null ? null : Bounds.fraction(p.at()),
                        p -> p.at() == null ? "–" : Numbers.plain(Bounds.fraction(p.at()))).key("fractionOfBound")
                .value("req/s per core", p -> p.at() == null ? null : p.at().rpsPerCore(),
                        p -> p.at() == null ? "–" : Summary.perCore(p.at())).key("rpsPerCore")
                .value("p99 there", p -> p.at() == null ? null : p.at().p99Ms(),
                        p -> p.at() == null ? "–" : Numbers.ms(p.at().p99Ms())).key("p99Ms")
                .value("RSS per 1,000 in flight", p -> p.memory() == null ? null : p.memory().rssMb(),
                        p -> p.memory() == null ? "–" : Numbers.mb(p.memory().rssMb())).key("rssMbPer1kInFlight")
                .value("Shared load: req/s", p -> p.shared() == null ? null : p.shared().throughputRps(),
                        p -> p.shared() == null ? "–" : Numbers.rps(p.shared().throughputRps()))
                .key("sharedThroughputRps")
                .value("p99", p -> p.shared() == null ? null : p.shared().p99Ms(),
                        p -> p.shared() == null ? "–" : Numbers.ms(p.shared().p99Ms())).key("sharedP99Ms")
                .value("CPU per request", p -> us(p.shared()),
                        p -> us(p.shared()) == null ? "–" : Numbers.number(us(p.shared())) + " µs")
                .key("sharedCpuUsPerRequest")
                .value("RSS", p -> p.shared() == null ? null : p.shared().rssMb(),
                        p -> p.shared() == null ? "–" : Numbers.mb(p.shared().rssMb())).key("sharedRssMb")
                .value("Platform threads", p -> p.shared() == null ? null : p.shared().liveThreads(),
                        p -> p.shared() == null || p.shared().liveThreads() == null ? "–"
                                : Numbers.count(p.shared().liveThreads())).key("sharedPlatformThreads")
                .value("Context switches per 1,000", p -> p.shared() == null ? null : p.shared().contextSwitchesPer1kReq(),
                        p -> p.shared() == null || p.shared().contextSwitchesPer1kReq() == null ? "–"
                                : Numbers.count(p.shared().contextSwitchesPer1kReq())).key("sharedContextSwitchesPer1kReq");
    }

    private String sharedText() {
        return sharedLoad == null ? "no load that every pair measured"
                : sharedLoad.label() + ", the highest load every pair measured and met the SLO at (or the lowest they share)";
    }

    String html() {
        StringBuilder h = new StringBuilder("<section id=\"engines\">\n<h2>Model or engine? Each model on each engine</h2>\n")
                .append("<p class=\"note\">Knee columns: at each pair's highest load meeting the SLO; shared-load columns: at ")
                .append(Html.esc(sharedText())).append(". CPU per request = CPU ms per 1,000 requests.</p>\n")
                .append(table().html("engines")).append("<ul class=\"engine-sentences\">\n");
        sentences.forEach(s -> h.append("<li>").append(Html.esc(s)).append("</li>\n"));
        return h.append("</ul>\n</section>\n").toString();
    }

    String markdown() {
        StringBuilder m = new StringBuilder("## Model or engine? Each model on each engine\n\n")
                .append("Knee columns at each pair's highest load meeting the SLO; shared-load columns at ")
                .append(sharedText()).append(".\n\n").append(table().markdown()).append('\n');
        sentences.forEach(s -> m.append("- ").append(s).append('\n'));
        return m.toString();
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sharedLoad", sharedLoad == null ? null : sharedLoad.label());
        m.put("sharedLevel", sharedLoad == null ? null : sharedLoad.level());
        m.put("pairs", table().json());
        m.put("sentences", sentences);
        return m;
    }

    List<String> sentences() {
        return sentences;
    }
}
