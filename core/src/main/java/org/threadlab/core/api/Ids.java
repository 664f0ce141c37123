package org.threadlab.core.api;

import java.util.regex.Pattern;

/** Path ids: positive integers that fit a long, written without sign or leading zeros. */
final class Ids {
    private static final Pattern POSITIVE = Pattern.compile("[1-9]\\d{0,17}");

    private Ids() {
    }

    /** The id, or -1 when the text is not a positive integer. */
    static long parse(String text) {
        return POSITIVE.matcher(text).matches() ? Long.parseLong(text) : -1;
    }

    static ApiResponse invalid(String name) {
        return Problem.badRequest(name + " must be a positive integer");
    }
}
