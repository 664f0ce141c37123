package org.threadlab.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A table built once (rows, and columns that each have a header and a cell function) and rendered
 * per format: HTML, Markdown, CSV, or a list of maps for JSON. A cell function returns display
 * text; {@link #value} columns also carry the number behind it for JSON and CSV.
 *
 * <p>The modifiers ({@link #key}, {@link #strong}, {@link #cellHtml}, {@link #headerHtml},
 * {@link #cellClass}) apply to the column added last. A column with a key is published in JSON and
 * CSV under it; a {@link #data} column has a key and no header, and is not shown in HTML or Markdown.
 */
final class Table<R> {
    private static final class Column<R> {
        final String header;
        final boolean numeric;
        final Function<R, String> text;
        final Function<R, Object> value;
        String key;
        String headerHtml;
        Function<R, String> html;
        Function<R, String> cssClass;
        boolean strong;

        Column(String header, boolean numeric, Function<R, String> text, Function<R, Object> value) {
            this.header = header;
            this.numeric = numeric;
            this.text = text;
            this.value = value;
        }

        String html(R row) {
            String cell = html != null ? html.apply(row) : Html.esc(text.apply(row));
            return strong ? "<b>" + cell + "</b>" : cell;
        }

        String markdown(R row) {
            String cell = Markdown.esc(text.apply(row));
            return strong && !cell.isEmpty() ? "**" + cell + "**" : cell;
        }
    }

    private final List<R> rows;
    private final List<Column<R>> columns = new ArrayList<>();
    private Function<R, String> rowClass = r -> null;
    private Function<R, String> afterRowHtml;

    Table(List<R> rows) {
        this.rows = List.copyOf(rows);
    }

    /** A text column; JSON and CSV get the text. */
    Table<R> text(String header, Function<R, String> text) {
        columns.add(new Column<>(header, false, text, text::apply));
        return this;
    }

    /** A figure: shown as {@code text}, published as {@code value} (null when not measured). */
    Table<R> value(String header, Function<R, ?> value, Function<R, String> text) {
        columns.add(new Column<>(header, true, text, value::apply));
        return this;
    }

    /** A figure published in JSON and CSV only, under {@code key}. */
    Table<R> data(String key, Function<R, ?> value) {
        columns.add(new Column<>(null, true, r -> "", value::apply));
        return key(key);
    }

    /** The key that publishes the last column in JSON and CSV. */
    Table<R> key(String key) {
        last().key = key;
        return this;
    }

    /** The last column in bold, in HTML and Markdown. */
    Table<R> strong() {
        last().strong = true;
        return this;
    }

    /** The last column's HTML (a link, a colour swatch) instead of its escaped text. */
    Table<R> cellHtml(Function<R, String> html) {
        last().html = html;
        return this;
    }

    /** The last column's header as HTML (say, a server with its swatch); Markdown keeps the text. */
    Table<R> headerHtml(String html) {
        last().headerHtml = html;
        return this;
    }

    /** A CSS class for the last column's cells, per row (null for none). */
    Table<R> cellClass(Function<R, String> cssClass) {
        last().cssClass = cssClass;
        return this;
    }

    /** A CSS class per row (null for none). */
    Table<R> rowClass(Function<R, String> rowClass) {
        this.rowClass = rowClass;
        return this;
    }

    /** HTML written after each row (a full-width row of its own, say); null or "" for nothing. */
    Table<R> afterRowHtml(Function<R, String> html) {
        this.afterRowHtml = html;
        return this;
    }

    List<R> rows() {
        return rows;
    }

    /** How many columns HTML and Markdown show. */
    int shownColumns() {
        return shown().size();
    }

    private List<Column<R>> shown() {
        return columns.stream().filter(c -> c.header != null).toList();
    }

    private List<Column<R>> keyed(Predicate<String> keys) {
        return columns.stream().filter(c -> c.key != null && keys.test(c.key)).toList();
    }

    private Column<R> last() {
        if (columns.isEmpty()) {
            throw new IllegalStateException("no column yet");
        }
        return columns.get(columns.size() - 1);
    }

    String html(String cssClass) {
        StringBuilder h = new StringBuilder(cssClass == null ? "<table>" : "<table class=\"" + cssClass + "\">")
                .append("\n<tr>");
        List<Column<R>> shown = shown();
        shown.forEach(c -> h.append(c.numeric ? "<th class=\"num\">" : "<th>")
                .append(c.headerHtml != null ? c.headerHtml : Html.esc(c.header)).append("</th>"));
        h.append("</tr>\n");
        for (R row : rows) {
            String rc = rowClass.apply(row);
            h.append(rc == null ? "<tr>" : "<tr class=\"" + rc + "\">");
            for (Column<R> c : shown) {
                String cls = c.cssClass == null ? null : c.cssClass.apply(row);
                String classes = c.numeric ? (cls == null ? "num" : "num " + cls) : cls;
                h.append(classes == null ? "<td>" : "<td class=\"" + classes + "\">").append(c.html(row)).append("</td>");
            }
            h.append("</tr>\n");
            String after = afterRowHtml == null ? null : afterRowHtml.apply(row);
            if (after != null) {
                h.append(after);
            }
        }
        return h.append("</table>\n").toString();
    }

    String markdown() {
        List<Column<R>> shown = shown();
        StringBuilder m = new StringBuilder("|");
        shown.forEach(c -> m.append(' ').append(Markdown.esc(c.header)).append(" |"));
        m.append("\n|");
        shown.forEach(c -> m.append(c.numeric ? "---:|" : "---|"));
        m.append('\n');
        for (R row : rows) {
            m.append('|');
            shown.forEach(c -> m.append(' ').append(c.markdown(row)).append(" |"));
            m.append('\n');
        }
        return m.toString();
    }

    /** One map per row of every keyed column, for JSON. */
    List<Map<String, Object>> json() {
        return json(k -> true);
    }

    /** One map per row of the keyed columns whose key {@code keys} accepts, for JSON. */
    List<Map<String, Object>> json(Predicate<String> keys) {
        List<Column<R>> keyed = keyed(keys);
        List<Map<String, Object>> out = new ArrayList<>();
        for (R row : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            keyed.forEach(c -> m.put(c.key, c.value.apply(row)));
            out.add(m);
        }
        return out;
    }

    /**
     * The keyed columns whose key {@code keys} accepts, as CSV: a header line of the keys, then one
     * line per row (numbers plain, null empty). A column whose value is a map or a list has no place
     * in CSV: leave it out.
     */
    String csv(Predicate<String> keys) {
        List<Column<R>> keyed = keyed(keys);
        List<List<String>> lines = new ArrayList<>();
        for (R row : rows) {
            List<String> cells = new ArrayList<>();
            for (Column<R> k : keyed) {
                Object v = k.value.apply(row);
                if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
                    throw new IllegalArgumentException("column " + k.key + " holds a " + v.getClass().getSimpleName()
                            + ", which has no CSV cell");
                }
                cells.add(csvCell(v));
            }
            lines.add(cells);
        }
        return Csv.write(keyed.stream().map(k -> k.key).toList(), lines);
    }

    static String csvCell(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof Number n ? Numbers.plain(n.doubleValue()) : v.toString();
    }
}
