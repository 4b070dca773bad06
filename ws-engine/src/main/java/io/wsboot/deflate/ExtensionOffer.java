package io.wsboot.deflate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header: a name and its parameters, in order
 * (RFC 6455 section 9.1: {@code name *( ";" param [ "=" (token | quoted-string) ] )}).
 */
public record ExtensionOffer(String name, List<Param> params) {

    /** A parameter; {@code value} is null when it had none. */
    public record Param(String name, String value) {
    }

    /**
     * Parses a header value (several headers joined with ", "). Names are lower-cased; a quoted
     * value is unquoted.
     *
     * @throws IllegalArgumentException when the header breaks the grammar
     */
    public static List<ExtensionOffer> parseAll(String header) {
        List<ExtensionOffer> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        Cursor c = new Cursor(header);
        do {
            c.skipSpace();
            String name = c.token();
            List<Param> params = new ArrayList<>();
            c.skipSpace();
            while (c.eat(';')) {
                c.skipSpace();
                String p = c.token();
                c.skipSpace();
                String v = null;
                if (c.eat('=')) {
                    c.skipSpace();
                    v = c.peek() == '"' ? c.quoted() : c.token();
                    c.skipSpace();
                }
                params.add(new Param(p.toLowerCase(Locale.ROOT), v));
            }
            out.add(new ExtensionOffer(name.toLowerCase(Locale.ROOT), List.copyOf(params)));
            c.skipSpace();
        } while (c.eat(','));
        if (!c.atEnd()) {
            throw new IllegalArgumentException("unexpected '" + c.peek() + "' in extension header: " + header);
        }
        return out;
    }

    /** A small scanner over the header. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(i);
        }

        boolean eat(char ch) {
            if (peek() == ch && !atEnd()) {
                i++;
                return true;
            }
            return false;
        }

        void skipSpace() {
            while (!atEnd() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        String token() {
            int start = i;
            while (!atEnd() && isTokenChar(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("expected a token at position " + start + " of: " + s);
            }
            return s.substring(start, i);
        }

        String quoted() {
            i++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (!atEnd() && s.charAt(i) != '"') {
                char ch = s.charAt(i++);
                if (ch == '\\') {
                    if (atEnd()) {
                        break;
                    }
                    ch = s.charAt(i++);
                }
                sb.append(ch);
            }
            if (!eat('"')) {
                throw new IllegalArgumentException("unterminated quoted value in: " + s);
            }
            return sb.toString();
        }

        private static boolean isTokenChar(char c) {
            return c > ' ' && c < 0x7F && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
    }
}
