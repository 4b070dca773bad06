package io.wsboot.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * What a server holds at one moment, for an operator ({@link WsServer#view(int)}): its event
 * loops, and a page of its oldest and of its busiest open connections.
 *
 * @param loops       each event loop: its connections, and whether it is alive
 * @param connections open WebSocket connections, all loops together
 * @param oldest      the longest open, oldest first
 * @param busiest     those that received the most messages, most first
 */
public record ServerView(List<Loop> loops, int connections, List<Connection> oldest, List<Connection> busiest) {

    /** One event loop: its name, the connections it serves (open or handshaking), whether it runs. */
    public record Loop(String name, int connections, boolean alive) {
    }

    /**
     * One open connection.
     *
     * @param path             the handler's path (its template)
     * @param age              since its 101
     * @param bufferedBytes    written and not yet taken by the socket
     * @param messagesReceived data messages received since it opened
     * @param principal        the name of who its handshake authenticated as, or null
     */
    public record Connection(long id, String path, InetSocketAddress remoteAddress, Duration age, long bufferedBytes,
                             long messagesReceived, String principal) {
    }
}
