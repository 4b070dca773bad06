package io.wsboot.handshake;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which {@code Origin} headers a server accepts: a defence against cross-site WebSocket
 * hijacking (a page on another site opening a connection with the user's cookies).
 *
 * <p>Patterns, as Spring's CORS {@code allowedOriginPatterns}: an exact origin
 * ({@code https://app.example.com}), {@code *} within the host ({@code https://*.example.com}),
 * {@code [*]} for any port ({@code http://localhost:[*]}), or {@code *} alone for any origin.
 * Without patterns, the default is "same host": a request without Origin (not a browser) is
 * accepted, and a browser's Origin must name the host the request was sent to (any port, since
 * the WebSocket server has its own port next to the web server's).
 */
public final class OriginPolicy {
    private final boolean any;
    private final List<Pattern> patterns;

    public OriginPolicy(List<String> allowed) {
        this.any = allowed.contains("*");
        this.patterns = allowed.stream().filter(p -> !p.equals("*")).map(OriginPolicy::compile).toList();
    }

    private static Pattern compile(String pattern) {
        String p = pattern.trim().toLowerCase(Locale.ROOT);
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            if (p.startsWith(":[*]", i)) {
                re.append("(:\\d+)?");
                i += 3;
            } else if (p.charAt(i) == '*') {
                re.append("[^/:]*");
            } else {
                re.append(Pattern.quote(String.valueOf(p.charAt(i))));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Whether a request with this Origin (may be null) to this Host header is accepted. */
    public boolean allows(String origin, String host) {
        if (any) {
            return true;
        }
        if (patterns.isEmpty()) {
            return origin == null || sameHost(origin, host);
        }
        if (origin == null) {
            return true; // not a browser: the check protects browsers' users
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        for (Pattern p : patterns) {
            if (p.matcher(o).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameHost(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            String originHost = URI.create(origin.trim()).getHost();
            String requestHost = URI.create("http://" + host.trim()).getHost();
            return originHost != null && originHost.equalsIgnoreCase(requestHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
