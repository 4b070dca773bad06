package io.wsboot.server;

import io.wsboot.PathTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which route serves a request path: a literal path by a map lookup, else the first template
 * that matches, most specific first ({@link PathTemplate#SPECIFICITY}). Built once, read by every
 * loop.
 */
final class Routes {
    /** A request path's route and the variables its template captured. */
    record Match(Route route, Map<String, String> variables) {
    }

    private final Map<String, Route> all = new LinkedHashMap<>();
    private final Map<String, Match> literals = new HashMap<>();
    private final List<Route> templates = new ArrayList<>();

    /**
     * Adds a route; fails on a template another one makes ambiguous, naming both.
     *
     * @throws IllegalArgumentException for a bad template, or two that could serve the same path
     */
    void add(Route route) {
        PathTemplate t = route.template();
        if (all.putIfAbsent(route.path(), route) != null) {
            throw new IllegalArgumentException("two handlers for path " + route.path());
        }
        if (t.isLiteral()) {
            literals.put(route.path(), new Match(route, Map.of()));
            return;
        }
        for (Route other : templates) {
            if (other.template().ambiguousWith(t)) {
                throw new IllegalArgumentException("handler paths " + other.path() + " and " + route.path()
                        + " are ambiguous: a path could match both, and neither is more specific");
            }
        }
        templates.add(route);
        templates.sort((a, b) -> PathTemplate.SPECIFICITY.compare(a.template(), b.template()));
    }

    /** The route for a request path (not decoded, no query), or null. */
    Match find(String path) {
        Match m = literals.get(path);
        if (m != null) {
            return m;
        }
        for (Route r : templates) {
            Map<String, String> vars = r.template().match(path);
            if (vars != null) {
                return new Match(r, vars);
            }
        }
        return null;
    }

    /** Every route, in the order added. */
    Collection<Route> all() {
        return all.values();
    }
}
