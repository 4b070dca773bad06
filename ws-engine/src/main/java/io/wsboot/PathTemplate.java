package io.wsboot;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A handler path that may hold variables, with the semantics of Spring's {@code PathPattern}:
 * <ul>
 *   <li>{@code {room}} one whole segment (at least one character), captured as {@code room};</li>
 *   <li>{@code {id:\d+}} one segment matching the regex, captured;</li>
 *   <li>{@code *} zero or more characters within a segment ({@code *} alone: at least one),
 *       {@code ?} exactly one;</li>
 *   <li>{@code {*rest}} at the end: zero or more segments, captured with their leading '/';
 *       {@code **} at the end: the same, not captured.</li>
 * </ul>
 * Paths are compared segment by segment, each percent-decoded and without its matrix parameters
 * ({@code ;v=1}); captured values are decoded. A trailing slash counts: {@code /rooms/} does not
 * match {@code /rooms}. Several templates that match one path are ranked by {@link #SPECIFICITY}.
 */
public final class PathTemplate {

    /**
     * Most specific first: literal paths; then templates without a trailing catch-all
     * ({@code **}, {@code {*rest}}) before those with one, and one that is nothing but a
     * catch-all last; then fewer wildcards; then fewer variables; then more literal characters.
     * Templates that compare equal here and may match the same path are ambiguous
     * ({@link #ambiguousWith}).
     */
    public static final Comparator<PathTemplate> SPECIFICITY = Comparator
            .comparingInt((PathTemplate t) -> t.literal ? 0 : 1)
            .thenComparingInt(t -> t.catchAll == null ? 0 : 1)
            .thenComparingInt(t -> t.catchAll != null && t.segments.length == 0 ? 1 : 0)
            .thenComparingInt(t -> t.wildcards)
            .thenComparingInt(t -> t.variables.size())
            .thenComparing(Comparator.comparingInt((PathTemplate t) -> t.literalLength).reversed());

    private final String pattern;
    private final Segment[] segments;
    /** The trailing multi-segment element: "" for {@code **}, the name for {@code {*name}}, null for none. */
    private final String catchAll;
    private final List<String> variables;
    private final int wildcards;
    private final int literalLength;
    private final boolean literal;

    private PathTemplate(String pattern, Segment[] segments, String catchAll, List<String> variables, int wildcards, int literalLength) {
        this.pattern = pattern;
        this.segments = segments;
        this.catchAll = catchAll;
        this.variables = variables;
        this.wildcards = wildcards;
        this.literalLength = literalLength;
        this.literal = catchAll == null && variables.isEmpty() && wildcards == 0 && noRegex(segments);
    }

    /**
     * Parses {@code pattern}, which starts with '/'.
     *
     * @throws IllegalArgumentException naming what is wrong: a '{' not closed, a variable twice,
     *         a catch-all before the end, a bad regex, a regex with a capturing group
     */
    public static PathTemplate parse(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("path '" + pattern + "' must start with '/'");
        }
        String[] parts = pattern.substring(1).split("/", -1);
        List<Segment> segs = new ArrayList<>(parts.length);
        List<String> vars = new ArrayList<>();
        String catchAll = null;
        int wildcards = 0;
        int literalLength = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.equals("**") || (part.startsWith("{*") && part.endsWith("}") && part.indexOf('}') == part.length() - 1)) {
                if (!last) {
                    throw bad(pattern, "'" + part + "' (any number of segments) may only come last");
                }
                if (part.equals("**")) {
                    catchAll = "";
                    wildcards++; // as in Spring: {*rest} ranks before **
                } else {
                    catchAll = addVariable(pattern, vars, part.substring(2, part.length() - 1));
                }
                break;
            }
            if (part.contains("**")) {
                throw bad(pattern, "'**' must be a whole segment, at the end");
            }
            Segment s = Segment.parse(pattern, part, vars, last);
            wildcards += s.wildcards;
            literalLength += 1 + s.literalLength;
            segs.add(s);
        }
        return new PathTemplate(pattern, segs.toArray(Segment[]::new), catchAll, List.copyOf(vars), wildcards, literalLength);
    }

    /** The template as written. */
    public String pattern() {
        return pattern;
    }

    /** True when the template has no variable or wildcard: it matches its own text only. */
    public boolean isLiteral() {
        return literal;
    }

    /** The names of its variables, in order. */
    public List<String> variableNames() {
        return variables;
    }

    /** True when {@code path} (a request path, not decoded, without query) matches. */
    public boolean matches(String path) {
        return match(path) != null;
    }

    /**
     * The variables captured from {@code path} (a request path, not decoded, without query),
     * decoded, in template order; an empty map for a match without variables; null when the path
     * does not match.
     */
    public Map<String, String> match(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        String[] parts = path.substring(1).split("/", -1);
        if (catchAll == null ? parts.length != segments.length : parts.length < segments.length) {
            return null;
        }
        Map<String, String> values = variables.isEmpty() ? Map.of() : new LinkedHashMap<>();
        for (int i = 0; i < segments.length; i++) {
            if (!segments[i].match(decode(stripMatrix(parts[i])), values)) {
                return null;
            }
        }
        if (catchAll != null && !catchAll.isEmpty()) {
            StringBuilder rest = new StringBuilder();
            for (int i = segments.length; i < parts.length; i++) {
                rest.append('/').append(decode(stripMatrix(parts[i])));
            }
            values.put(catchAll, rest.toString());
        }
        return values.isEmpty() ? Map.of() : Collections.unmodifiableMap(values);
    }

    /**
     * True when this template and {@code other} rank the same ({@link #SPECIFICITY}) and some path
     * could match both, so which serves it would be a matter of luck. A regex variable is assumed
     * to overlap with anything it does not exclude by literal text.
     */
    public boolean ambiguousWith(PathTemplate other) {
        if (SPECIFICITY.compare(this, other) != 0) {
            return false;
        }
        if ((catchAll == null) != (other.catchAll == null)) {
            return false;
        }
        if (catchAll == null && segments.length != other.segments.length) {
            return false;
        }
        int n = Math.min(segments.length, other.segments.length);
        for (int i = 0; i < n; i++) {
            if (!segments[i].mayOverlap(other.segments[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathTemplate t && t.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }

    private static String addVariable(String pattern, List<String> vars, String name) {
        if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
            throw bad(pattern, "'" + name + "' is not a variable name (letters, digits, '_', '-', '.')");
        }
        if (vars.contains(name)) {
            throw bad(pattern, "variable '" + name + "' appears twice");
        }
        vars.add(name);
        return name;
    }

    private static boolean noRegex(Segment[] segments) {
        for (Segment s : segments) {
            if (s.regex != null) {
                return false;
            }
        }
        return true;
    }

    private static String stripMatrix(String segment) {
        int semi = segment.indexOf(';');
        return semi < 0 ? segment : segment.substring(0, semi);
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        try {
            // '+' is a literal plus in a path, not a space
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static IllegalArgumentException bad(String pattern, String why) {
        return new IllegalArgumentException("path template '" + pattern + "': " + why);
    }

    /**
     * One segment: literal text, a whole-segment variable, or a regex built from the segment's
     * text, wildcards and variables.
     */
    private static final class Segment {
        /** The text of a literal segment, else null. */
        final String text;
        /** The name of a whole-segment variable without a constraint, else null. */
        final String variable;
        /** Anything else (wildcards, constrained or partial variables), else null. */
        final Pattern regex;
        /** The variables the regex's groups capture, in order. */
        final List<String> groupNames;
        final int wildcards;
        final int literalLength;
        /** A lone '*' (but the last segment's): any text of at least one character. */
        final boolean star;

        private Segment(String text, String variable, Pattern regex, List<String> groupNames, int wildcards, int literalLength, boolean star) {
            this.text = text;
            this.variable = variable;
            this.regex = regex;
            this.groupNames = groupNames;
            this.wildcards = wildcards;
            this.literalLength = literalLength;
            this.star = star;
        }

        static Segment parse(String pattern, String part, List<String> vars, boolean last) {
            if (part.indexOf('{') < 0 && part.indexOf('}') < 0 && part.indexOf('*') < 0 && part.indexOf('?') < 0) {
                return new Segment(part, null, null, List.of(), 0, part.length(), false);
            }
            if (part.equals("*")) {
                // as in Spring: a lone '*' takes at least one character, but may match an empty last segment
                return last ? new Segment(null, null, Pattern.compile(".*", Pattern.DOTALL), List.of(), 1, 0, false)
                        : new Segment(null, null, null, List.of(), 1, 0, true);
            }
            if (part.startsWith("{") && part.endsWith("}") && part.indexOf('{', 1) < 0 && part.indexOf(':') < 0
                    && part.indexOf('}') == part.length() - 1) {
                return new Segment(null, addVariable(pattern, vars, part.substring(1, part.length() - 1)), null, List.of(), 0, 0, false);
            }
            StringBuilder re = new StringBuilder();
            List<String> names = new ArrayList<>();
            int wildcards = 0;
            int literalLength = 0;
            StringBuilder lit = new StringBuilder();
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c == '{') {
                    int end = closing(pattern, part, i);
                    flush(re, lit);
                    String body = part.substring(i + 1, end);
                    int colon = body.indexOf(':');
                    String name = colon < 0 ? body : body.substring(0, colon);
                    if (name.startsWith("*")) {
                        throw bad(pattern, "'{" + body + "}' (any number of segments) must be a whole segment, at the end");
                    }
                    names.add(addVariable(pattern, vars, name));
                    re.append('(').append(colon < 0 ? ".*" : constraint(pattern, body.substring(colon + 1))).append(')');
                    i = end;
                } else if (c == '}') {
                    throw bad(pattern, "'}' without '{'");
                } else if (c == '*') {
                    flush(re, lit);
                    re.append(".*");
                    wildcards++;
                } else if (c == '?') {
                    flush(re, lit);
                    re.append('.');
                } else {
                    lit.append(c);
                    literalLength++;
                }
            }
            flush(re, lit);
            return new Segment(null, null, Pattern.compile(re.toString(), Pattern.DOTALL), List.copyOf(names), wildcards, literalLength, false);
        }

        /** The index of the '}' closing the '{' at {@code open}, regex braces included. */
        private static int closing(String pattern, String part, int open) {
            int depth = 0;
            for (int i = open; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return i;
                }
            }
            throw bad(pattern, "'{' is not closed in segment '" + part + "'");
        }

        private static String constraint(String pattern, String regex) {
            try {
                if (Pattern.compile(regex).matcher("").groupCount() > 0) {
                    throw bad(pattern, "the regex '" + regex + "' has a capturing group; use (?:...)");
                }
            } catch (PatternSyntaxException e) {
                throw bad(pattern, "bad regex '" + regex + "': " + e.getDescription());
            }
            return regex;
        }

        private static void flush(StringBuilder re, StringBuilder lit) {
            if (lit.length() > 0) {
                re.append(Pattern.quote(lit.toString()));
                lit.setLength(0);
            }
        }

        boolean match(String value, Map<String, String> values) {
            if (text != null) {
                return text.equals(value);
            }
            if (star) {
                return !value.isEmpty();
            }
            if (variable != null) {
                if (value.isEmpty()) {
                    return false;
                }
                values.put(variable, value);
                return true;
            }
            Matcher m = regex.matcher(value);
            if (!m.matches()) {
                return false;
            }
            for (int g = 0; g < groupNames.size(); g++) {
                values.put(groupNames.get(g), m.group(g + 1));
            }
            return true;
        }

        boolean mayOverlap(Segment other) {
            if (text != null && other.text != null) {
                return text.equals(other.text);
            }
            if (text != null) {
                return other.match(text, new LinkedHashMap<>());
            }
            if (other.text != null) {
                return match(other.text, new LinkedHashMap<>());
            }
            return true;
        }
    }
}
