package io.wsboot.deflate;

import java.util.StringJoiner;

/**
 * What a permessage-deflate negotiation agreed: who resets their compressor per message and the
 * largest window each side's compressor may use. "Server" and "client" are the roles of RFC 7692,
 * whichever side this code runs on.
 */
public record DeflateParams(
        boolean serverNoContextTakeover,
        boolean clientNoContextTakeover,
        int serverMaxWindowBits,
        int clientMaxWindowBits,
        boolean sendServerMaxWindowBits,
        boolean sendClientMaxWindowBits) {

    public static final String NAME = "permessage-deflate";

    /** The value of the response's Sec-WebSocket-Extensions header. */
    public String responseHeader() {
        StringJoiner j = new StringJoiner("; ");
        j.add(NAME);
        if (serverNoContextTakeover) {
            j.add("server_no_context_takeover");
        }
        if (clientNoContextTakeover) {
            j.add("client_no_context_takeover");
        }
        if (sendServerMaxWindowBits) {
            j.add("server_max_window_bits=" + serverMaxWindowBits);
        }
        if (sendClientMaxWindowBits) {
            j.add("client_max_window_bits=" + clientMaxWindowBits);
        }
        return j.toString();
    }
}
