package org.threadlab.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Figures for humans: thousands separators, milliseconds with the precision that matters. */
final class Numbers {
    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);

    private Numbers() {
    }

    private static String format(double v, int decimals) {
        DecimalFormat f = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals), SYMBOLS);
        return f.format(v);
    }

    /** 12345 -> "12,345". */
    static String count(double v) {
        return format(Math.round(v), 0);
    }

    /** A number with one decimal below 100 and none above: 3.25 -> "3.3", 3950.4 -> "3,950". */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return format(v, 0);
        }
        return Math.abs(v) < 100 ? format(v, 1) : format(v, 0);
    }

    /** Requests per second: "3,950 req/s". */
    static String rps(Double v) {
        return v == null ? "–" : number(v) + " req/s";
    }

    /** Milliseconds: "4.2 ms" below 10, "480 ms", "9,822 ms". */
    static String ms(Double v) {
        if (v == null) {
            return "–";
        }
        return (Math.abs(v) < 10 && v != Math.rint(v) ? format(v, 1) : format(v, 0)) + " ms";
    }

    /** Percent: "0.35%", "9.6%", "57%". */
    static String pct(Double v) {
        if (v == null) {
            return "–";
        }
        if (v == 0) {
            return "0%";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v)) {
            return format(v, 0) + "%";
        }
        return (a < 1 ? format(v, 2) : a < 10 ? format(v, 1) : format(v, 0)) + "%";
    }

    /** Megabytes: "245 MB". */
    static String mb(Double v) {
        return v == null ? "–" : format(v, 0) + " MB";
    }

    /** A ratio B/A: "1.23×". */
    static String ratio(Double v) {
        if (v == null) {
            return "–";
        }
        return (v >= 10 ? format(v, 1) : format(v, 2)) + "\u00d7";
    }

    /** Plain text for CSV and JSON consumers: no separators, at most 3 decimals. */
    static String plain(Double v) {
        if (v == null) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString(v.longValue());
        }
        return new DecimalFormat("0.###", SYMBOLS).format(v);
    }

    /** " (lowest–highest)" over the repeats, or "" for one repeat or a missing bound. */
    static String spread(Double min, Double max, int repeats) {
        if (repeats < 2 || min == null || max == null) {
            return "";
        }
        return " (" + number(min) + "–" + number(max) + ")";
    }
}
