package org.threadlab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A table built once (rows, and columns that each have a header and a cell function) and rendered
 * per format: HTML, Markdown, or a list of maps for JSON. A cell function returns display text;
 * {@link #value} columns also carry the number behind it for JSON.
 */
final class Table<R> {
    private record Column<R>(String header, boolean numeric, Function<R, String> text, Function<R, Object> value) {
    }

    private final List<R> rows;
    private final List<Column<R>> columns = new ArrayList<>();
    private Function<R, String> firstCellHtml;

    Table(List<R> rows) {
        this.rows = List.copyOf(rows);
    }

    /** A text column; JSON gets the text. */
    Table<R> text(String header, Function<R, String> text) {
        columns.add(new Column<>(header, false, text, text::apply));
        return this;
    }

    /** A figure: shown as {@code text}, published as {@code value} (null when not measured). */
    Table<R> value(String header, Function<R, ?> value, Function<R, String> text) {
        columns.add(new Column<>(header, true, text, value::apply));
        return this;
    }

    /** The first column's HTML (say, the server with its colour swatch) instead of its escaped text. */
    Table<R> firstCellHtml(Function<R, String> html) {
        this.firstCellHtml = html;
        return this;
    }

    List<R> rows() {
        return rows;
    }

    String html(String cssClass) {
        StringBuilder h = new StringBuilder("<table class=\"").append(cssClass).append("\">\n<tr>");
        columns.forEach(c -> h.append(c.numeric ? "<th class=\"num\">" : "<th>").append(Html.esc(c.header))
                .append("</th>"));
        h.append("</tr>\n");
        for (R row : rows) {
            h.append("<tr>");
            for (int i = 0; i < columns.size(); i++) {
                Column<R> c = columns.get(i);
                String cell = i == 0 && firstCellHtml != null ? firstCellHtml.apply(row) : Html.esc(c.text.apply(row));
                h.append(c.numeric ? "<td class=\"num\">" : "<td>").append(cell).append("</td>");
            }
            h.append("</tr>\n");
        }
        return h.append("</table>\n").toString();
    }

    String markdown() {
        StringBuilder m = new StringBuilder("|");
        columns.forEach(c -> m.append(' ').append(ReportWriter.md(c.header)).append(" |"));
        m.append("\n|");
        columns.forEach(c -> m.append(c.numeric ? "---:|" : "---|"));
        m.append('\n');
        for (R row : rows) {
            m.append('|');
            columns.forEach(c -> m.append(' ').append(ReportWriter.md(c.text.apply(row))).append(" |"));
            m.append('\n');
        }
        return m.toString();
    }

    /** One map per row, keyed by {@code keys} (one per column, in order), for summary.json. */
    List<Map<String, Object>> json(List<String> keys) {
        if (keys.size() != columns.size()) {
            throw new IllegalArgumentException(keys.size() + " keys for " + columns.size() + " columns");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (R row : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                m.put(keys.get(i), columns.get(i).value.apply(row));
            }
            out.add(m);
        }
        return out;
    }
}
