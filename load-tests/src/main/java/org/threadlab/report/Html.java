package org.threadlab.report;

import java.util.List;

/** The page shell both reports share: escaping, the stylesheet, the colour key. Static HTML, no script. */
final class Html {
    static final String CSS = """
            :root { --fg: #1d1d1f; --muted: #5f6368; --line: #dadce0; --warn: #fff4e5; --warn-line: #f0b35a; }
            * { box-sizing: border-box; }
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg);
                   margin: 0 auto; padding: 20px 28px 60px; max-width: 1500px; }
            h1 { font-size: 26px; margin: 0 0 4px; }
            h2 { font-size: 21px; margin: 34px 0 8px; padding-top: 8px; border-top: 2px solid var(--line); }
            h3 { font-size: 16px; margin: 22px 0 6px; }
            .meta, .note, figcaption, small { color: var(--muted); }
            .slo { font-size: 15px; margin: 8px 0; }
            code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; background: #f3f3f3; padding: 1px 4px;
                   border-radius: 3px; }
            table { border-collapse: collapse; margin: 6px 0 10px; }
            th, td { border: 1px solid var(--line); padding: 5px 9px; text-align: left; vertical-align: top; }
            th { background: #f6f7f8; font-weight: 600; }
            td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
            table.summary { width: 100%; }
            table.summary td { font-size: 15px; }
            table.summary td.how { max-width: 420px; }
            table.summary tr.verdict td { background: #fafafa; font-size: 15px; padding: 6px 12px 10px; }
            th.num { white-space: normal; }
            table.figures td, table.figures th { font-size: 13px; padding: 3px 7px; }
            tr.limited td { background: #eeeeee; color: #666; }
            .server { font-weight: 700; white-space: nowrap; }
            .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px;
                      vertical-align: -1px; }
            .key { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 6px 0 10px; color: var(--muted); font-size: 14px; }
            .key .band { display: inline-block; width: 22px; height: 12px; background: rgba(120,120,120,.3);
                         vertical-align: -1px; margin-right: 6px; }
            .key .dots { display: inline-block; width: 24px; border-top: 2px dotted #555; vertical-align: 4px;
                         margin-right: 6px; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 14px; }
            figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 4px; background: #fff; }
            figure.chart svg { width: 100%; height: auto; display: block; }
            .warnings { background: var(--warn); border: 1px solid var(--warn-line); border-radius: 6px;
                        padding: 8px 14px; margin: 12px 0; }
            .warnings ul { margin: 4px 0; padding-left: 20px; }
            .better { color: #0b7a3e; font-weight: 600; }
            .worse { color: #b00020; font-weight: 600; }
            nav { margin: 14px 0; font-size: 14px; }
            nav a { margin-right: 14px; }
            details summary { cursor: pointer; color: #1a5fb4; margin: 8px 0; }
            """;

    private Html() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + esc(title) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n";
    }

    static String server(String server) {
        return "<span class=\"server\"><span class=\"swatch\" style=\"background:" + Palette.css(server)
                + "\"></span>" + esc(server) + "</span>";
    }

    /** The colour key above the charts. */
    static String key(List<String> servers, String extra) {
        StringBuilder b = new StringBuilder("<div class=\"key\">");
        servers.forEach(s -> b.append("<span>").append(server(s)).append("</span>"));
        b.append("<span><span class=\"dots\"></span>bounds and SLO (dotted)</span>");
        b.append("<span><span class=\"band\"></span>generator-limited level: the load generator, not the server, "
                + "was the limit</span>");
        if (extra != null) {
            b.append("<span>").append(extra).append("</span>");
        }
        return b.append("</div>\n").toString();
    }

    /** A chart figure; data-servers lets tests and tools see which servers it holds. */
    static String figure(LevelChart chart) {
        return "<figure class=\"chart\" id=\"chart-" + esc(chart.id) + "\" data-chart=\"" + esc(chart.id)
                + "\" data-servers=\"" + esc(String.join(" ", chart.servers())) + "\">\n" + chart.svg()
                + "\n</figure>\n";
    }
}
