package org.threadlab.report;

/** Markdown's one rule the report needs: a cell's text must not end the cell or the row. */
final class Markdown {
    private Markdown() {
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
