package org.threadlab.core.api;

/**
 * The lexical rules of an HTTP/1.1 request line (RFC 9110 5.6.2, RFC 9112 3.2), for the parts
 * that some engines pass on unchecked: the method token and the characters of the target.
 */
final class RequestSyntax {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private RequestSyntax() {
    }

    /** A method is a token: one or more letters, digits or {@value #TOKEN_SYMBOLS}. */
    static boolean isToken(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A raw target holds visible ASCII only: no space, control character or raw non-ASCII byte
     * (whatever charset the engine decoded it with), which must be percent-encoded.
     */
    static boolean isTargetText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }
}
