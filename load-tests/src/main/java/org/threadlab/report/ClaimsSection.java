package org.threadlab.report;

import java.util.List;
import java.util.Map;

/**
 * "Claims, tested": the usual sync-versus-async table against this run's data (judged by {@link Claims}),
 * as one table rendered per format, with the stacks the debugging row rests on.
 */
final class ClaimsSection {
    static final String TITLE = "The usual claims about sync and async, tested";

    private final Table<Claims.Claim> table;
    private final FaultTraces traces;

    ClaimsSection(RunAnalysis a, List<Claims.Claim> claims) {
        Table<Claims.Claim> t = new Table<>(claims)
                .text("Criterion", Claims.Claim::criterion).key("criterion")
                .cellHtml(c -> c.chart() == null ? Html.esc(c.criterion())
                        : "<a href=\"" + Html.esc(c.chart()) + "\">" + Html.esc(c.criterion()) + "</a>")
                .text("Claim", Claims.Claim::claim).key("claim")
                .data("evidence", Claims.Claim::evidence);
        for (String server : Claims.columns(a)) {
            t.text(server, c -> c.evidence().getOrDefault(server, "–")).headerHtml(Html.server(server));
        }
        this.table = t.text("Verdict", Claims.Claim::verdict).key("verdict").strong()
                .text("Basis", Claims.Claim::basis).key("basis");
        this.traces = FaultTraces.read(a.run.dir());
    }

    String html() {
        StringBuilder h = new StringBuilder("<section id=\"claims\">\n<h2>" + TITLE + "</h2>\n<p class=\"note\">Each "
                + "row: the claim as comparison tables put it, what this run measured per server, and a verdict "
                + "computed from those figures (holds, does not hold, depends, or not measured).</p>\n")
                .append(table.html("claims"));
        if (!traces.byServer().isEmpty()) {
            h.append("<div id=\"fault-traces\" class=\"grid\">\n");
            traces.byServer().forEach((server, t) -> h.append("<details><summary>").append(Html.server(server))
                    .append(": the first failed query's stack, ").append(t.depth()).append(" frames on ")
                    .append(Html.esc(t.virtual() ? "a virtual thread" : "thread " + t.thread()))
                    .append("</summary><pre>").append(Html.esc(String.join("\n", t.frames()))).append("</pre></details>\n"));
            h.append("</div>\n");
        }
        return h.append("</section>\n").toString();
    }

    String markdown() {
        return "\n**" + TITLE + "**\n\n" + table.markdown();
    }

    /** summary.json's claims: {criterion, claim, evidence, verdict, basis} each. */
    List<Map<String, Object>> json() {
        return table.json();
    }
}
