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
 *
 * <p>"Same host" alone would let DNS rebinding through: a page on {@code evil.example}, whose
 * name the attacker then points at this server, sends {@code Host: evil.example} and
 * {@code Origin: http://evil.example}. So the Host is trusted only when the attacker cannot have
 * chosen it: an IP literal, {@code localhost}, this machine's own name, a name in the allowed
 * hosts, or any name over TLS (a rebound name fails the certificate check).
 */
public final class OriginPolicy {
    private final boolean any;
    private final List<Pattern> patterns;
    private final List<Pattern> hosts;
    private final java.util.Set<String> ownNames;

    /**
     * @param allowed      Origin patterns accepted (empty: same host)
     * @param allowedHosts host name patterns trusted for "same host" besides the built-in ones
     */
    public OriginPolicy(List<String> allowed, List<String> allowedHosts) {
        this.any = allowed.contains("*");
        this.patterns = allowed.stream().filter(p -> !p.equals("*")).map(OriginPolicy::compile).toList();
        this.hosts = allowedHosts.stream().map(OriginPolicy::compile).toList();
        this.ownNames = ownNames();
    }

    /** This machine's names, as it knows them without asking DNS about anyone else. */
    private static java.util.Set<String> ownNames() {
        java.util.Set<String> names = new java.util.HashSet<>(List.of("localhost"));
        try {
            java.net.InetAddress local = java.net.InetAddress.getLocalHost();
            names.add(local.getHostName().toLowerCase(Locale.ROOT));
        } catch (java.io.IOException | SecurityException e) {
            // no name of its own: IP literals and localhost still work
        }
        return names;
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

    /**
     * Whether a request with this Origin (may be null) to this Host header is accepted;
     * {@code secure} when it came over TLS.
     */
    public boolean allows(String origin, String host, boolean secure) {
        if (any) {
            return true;
        }
        if (patterns.isEmpty()) {
            return origin == null || (sameHost(origin, host) && trustedHost(host, secure));
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

    /** Whether the Host header names this server rather than a name an attacker may have pointed at it. */
    private boolean trustedHost(String host, boolean secure) {
        if (secure) {
            return true;
        }
        String name;
        try {
            name = URI.create("http://" + host.trim()).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (name == null) {
            return false;
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") || isIpv4(name) || ownNames.contains(name) || name.endsWith(".localhost")) {
            return true;
        }
        for (Pattern p : hosts) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
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
