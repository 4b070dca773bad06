package io.wsboot.deflate;

import io.wsboot.CompressionConfig;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** RFC 7692 section 7: the server choosing among offers, the client offering and checking the answer. */
public final class DeflateNegotiation {
    private DeflateNegotiation() {
    }

    /**
     * The server's choice: the first permessage-deflate offer it can honour, with the parameters
     * to answer; null when compression is off or no offer is acceptable (then the connection
     * goes on uncompressed). A header that breaks the grammar declines everything.
     */
    public static DeflateParams accept(String header, CompressionConfig config) {
        if (!config.enabled() || header == null) {
            return null;
        }
        List<ExtensionOffer> offers;
        try {
            offers = ExtensionOffer.parseAll(header);
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (ExtensionOffer offer : offers) {
            if (offer.name().equals(DeflateParams.NAME)) {
                DeflateParams p = acceptOne(offer, config);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static DeflateParams acceptOne(ExtensionOffer offer, CompressionConfig config) {
        boolean serverNoCtx = false;
        boolean clientNoCtx = false;
        Integer serverBits = null;
        boolean clientBitsOffered = false;
        Integer clientBits = null;
        Set<String> seen = new HashSet<>();
        for (ExtensionOffer.Param p : offer.params()) {
            if (!seen.add(p.name())) {
                return null; // a parameter twice: decline (7.1)
            }
            switch (p.name()) {
                case "server_no_context_takeover" -> {
                    if (p.value() != null) {
                        return null;
                    }
                    serverNoCtx = true;
                }
                case "client_no_context_takeover" -> {
                    if (p.value() != null) {
                        return null;
                    }
                    clientNoCtx = true;
                }
                case "server_max_window_bits" -> {
                    serverBits = windowBits(p.value());
                    if (serverBits == null) {
                        return null;
                    }
                }
                case "client_max_window_bits" -> {
                    clientBitsOffered = true;
                    if (p.value() != null) {
                        clientBits = windowBits(p.value());
                        if (clientBits == null) {
                            return null;
                        }
                    }
                }
                default -> {
                    return null; // unknown parameter: decline this offer
                }
            }
        }
        int serverWindow = Math.min(serverBits == null ? 15 : serverBits, config.serverMaxWindowBits());
        int clientWindow = Math.min(clientBits == null ? 15 : clientBits, config.clientMaxWindowBits());
        return new DeflateParams(
                serverNoCtx || !config.serverContextTakeover(),
                clientNoCtx || !config.clientContextTakeover(),
                serverWindow,
                clientBitsOffered ? clientWindow : 15,
                serverBits != null || serverWindow < 15,
                clientBitsOffered && (clientBits != null || clientWindow < 15));
    }

    private static Integer windowBits(String v) {
        if (v == null || v.isEmpty() || v.length() > 2 || !v.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int n = Integer.parseInt(v);
        return n >= 8 && n <= 15 ? n : null;
    }

    /** The client's offer: permessage-deflate with its window and context wishes. */
    public static String offer(CompressionConfig config) {
        StringBuilder sb = new StringBuilder(DeflateParams.NAME);
        if (!config.serverContextTakeover()) {
            sb.append("; server_no_context_takeover");
        }
        if (!config.clientContextTakeover()) {
            sb.append("; client_no_context_takeover");
        }
        if (config.serverMaxWindowBits() < 15) {
            sb.append("; server_max_window_bits=").append(config.serverMaxWindowBits());
        }
        sb.append("; client_max_window_bits");
        if (config.clientMaxWindowBits() < 15) {
            sb.append('=').append(config.clientMaxWindowBits());
        }
        return sb.toString();
    }

    /**
     * The client checking the server's answer to {@link #offer}: a single permessage-deflate
     * with known, valid parameters, none it could not honour.
     *
     * @throws IllegalArgumentException the answer is not acceptable: fail the connection
     */
    public static DeflateParams clientAccept(String header, CompressionConfig offered) {
        List<ExtensionOffer> answers = ExtensionOffer.parseAll(header);
        if (answers.size() != 1 || !answers.get(0).name().equals(DeflateParams.NAME)) {
            throw new IllegalArgumentException("server answered extensions that were not offered: " + header);
        }
        boolean serverNoCtx = false;
        boolean clientNoCtx = false;
        int serverBits = 15;
        int clientBits = 15;
        Set<String> seen = new HashSet<>();
        for (ExtensionOffer.Param p : answers.get(0).params()) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("parameter " + p.name() + " twice in: " + header);
            }
            switch (p.name()) {
                case "server_no_context_takeover" -> serverNoCtx = true;
                case "client_no_context_takeover" -> clientNoCtx = true;
                case "server_max_window_bits" -> {
                    Integer b = windowBits(p.value());
                    if (b == null || (offered.serverMaxWindowBits() < 15 && b > offered.serverMaxWindowBits())) {
                        throw new IllegalArgumentException("bad server_max_window_bits in: " + header);
                    }
                    serverBits = b;
                }
                case "client_max_window_bits" -> {
                    Integer b = windowBits(p.value());
                    if (b == null || b > offered.clientMaxWindowBits()) {
                        throw new IllegalArgumentException("bad client_max_window_bits in: " + header);
                    }
                    clientBits = b;
                }
                default -> throw new IllegalArgumentException("unknown parameter " + p.name() + " in: " + header);
            }
        }
        if (!offered.serverContextTakeover() && !serverNoCtx) {
            throw new IllegalArgumentException("server ignored server_no_context_takeover: " + header);
        }
        return new DeflateParams(serverNoCtx, clientNoCtx || !offered.clientContextTakeover(), serverBits, clientBits, false, false);
    }
}
