package io.wsboot.server;


import io.wsboot.Handshake;
import io.wsboot.ServerConfig;
import io.wsboot.ServerObserver.RejectReason;
import io.wsboot.codec.FrameDecoder;
import io.wsboot.deflate.DeflateNegotiation;
import io.wsboot.deflate.DeflateParams;
import io.wsboot.deflate.MessageDeflater;
import io.wsboot.deflate.MessageInflater;
import io.wsboot.handshake.HandshakeException;
import io.wsboot.handshake.HandshakeResponses;
import io.wsboot.handshake.UpgradeRequest;

import java.net.InetSocketAddress;

/**
 * The server's decisions about a valid upgrade request, apart from the connection's state
 * machine: whether it may become a WebSocket (a handler on its path; then a server not shutting
 * down, an allowed origin), and, once the handler's {@code init} accepted it, what
 * the session starts with (the frame decoder, the compression agreed, the 101 answer).
 */
final class UpgradeGate {
    private UpgradeGate() {
    }

    /** The request as its handler path's {@link Handshake}, or 404 when no handler is there ({@code match} null). */
    static Handshake route(ServerEngine engine, UpgradeRequest req, Routes.Match match, InetSocketAddress remote)
            throws HandshakeException {
        if (match == null) {
            throw new HandshakeException(404, "no WebSocket handler at " + req.path());
        }
        return new Handshake(req, engine.config.maxHeaders(), remote, match.route().path(), match.variables());
    }

    /** Lets a routed request through to the handler's {@code init}, or refuses it: the server shutting down, an origin not allowed. */
    static void admit(ServerEngine engine, Handshake handshake, boolean stopping) throws HandshakeException {
        if (stopping) {
            throw new HandshakeException(503, "server is shutting down");
        }
        if (!engine.origins.allows(handshake.origin(), handshake.host(), engine.isTls())) {
            throw new HandshakeException(403, "origin not allowed: " + handshake.origin());
        }
    }

    /** What a refusal's status counts as in the metrics. */
    static RejectReason reasonFor(int status) {
        return switch (status) {
            case 403 -> RejectReason.ORIGIN_NOT_ALLOWED; // the only 403 the engine answers by itself
            case 404 -> RejectReason.NO_HANDLER;
            case 426 -> RejectReason.UNSUPPORTED_VERSION;
            case 503 -> RejectReason.SHUTTING_DOWN;
            default -> RejectReason.MALFORMED;
        };
    }

    /** What an accepted session starts with. {@code deflater} is null without compression. */
    record Agreement(FrameDecoder decoder, MessageDeflater deflater, String subprotocol, byte[] answer) {
    }

    /** Negotiates compression and builds the decoder and the 101 answer (on the connection's loop). */
    static Agreement open(ServerEngine engine, ServerLoop loop, Handshake handshake) {
        ServerConfig cfg = engine.config;
        String subprotocol = handshake.selectedSubprotocol();
        FrameDecoder decoder = new FrameDecoder(true, cfg.maxSize(), cfg.validateUtf8(), loop.assembly);
        DeflateParams deflate = DeflateNegotiation.accept(handshake.extensions(), cfg.compression());
        MessageDeflater deflater = null;
        if (deflate != null) {
            decoder.enableInflation(new MessageInflater(engine.zlib, !deflate.clientNoContextTakeover()), cfg.compression().maxInflateRatio());
            deflater = new MessageDeflater(engine.zlib, !deflate.serverNoContextTakeover(), deflate.serverMaxWindowBits(),
                    cfg.compression().level());
        }
        byte[] answer = HandshakeResponses.switchingProtocols(handshake.key(), subprotocol,
                deflate == null ? null : deflate.responseHeader(), handshake.responseHeaders());
        return new Agreement(decoder, deflater, subprotocol, answer);
    }
}
