/**
 * The wsboot WebSocket engine. Only the API packages are exported: what handlers, servers and
 * clients are written against. The engine's layers below them (codec, deflate, handshake,
 * transport, session) are public for each other only, and are not part of the contract.
 */
module io.wsboot.engine {
    exports io.wsboot;
    exports io.wsboot.server;
    exports io.wsboot.client;
    exports io.wsboot.frame;
    exports io.wsboot.testing;
}
