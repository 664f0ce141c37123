package org.threadlab.report;

/** RFC 4180's one rule for writing a cell: quoted, quotes doubled, when it holds a comma, a quote or a newline. */
public final class Csv {
    private Csv() {
    }

    public static String cell(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
