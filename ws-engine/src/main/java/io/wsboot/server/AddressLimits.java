package io.wsboot.server;

import io.wsboot.ServerObserver.RejectReason;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handshakes in progress and open connections per client address, so that one address cannot
 * hold every handshake slot (silent sockets, reopened after each 408) or, when a limit is set,
 * every connection. An address is counted from accept until its handshake (and, for
 * connections, its socket) ends; entries go away at zero. Thread-safe: the acceptor counts up,
 * each connection's loop counts down.
 */
final class AddressLimits {
    private final int maxHandshakes;
    private final int maxConnections;
    private final ConcurrentHashMap<InetAddress, Counts> byAddress = new ConcurrentHashMap<>();

    /** Guarded by the map's per-key locking (compute). */
    private static final class Counts {
        int handshakes;
        int connections;
    }

    /** @param maxConnections 0 for no per-address connection limit */
    AddressLimits(int maxHandshakes, int maxConnections) {
        this.maxHandshakes = maxHandshakes;
        this.maxConnections = maxConnections;
    }

    /** At accept: counts the address in, or returns why it may not have one more (then nothing is counted). */
    RejectReason admit(InetAddress address) {
        RejectReason[] refused = new RejectReason[1];
        byAddress.compute(address, (a, c) -> {
            Counts n = c == null ? new Counts() : c;
            if (n.handshakes >= maxHandshakes) {
                refused[0] = RejectReason.TOO_MANY_HANDSHAKES_FROM_ADDRESS;
            } else if (maxConnections > 0 && n.connections >= maxConnections) {
                refused[0] = RejectReason.TOO_MANY_CONNECTIONS_FROM_ADDRESS;
            } else {
                n.handshakes++;
                n.connections++;
            }
            return n.handshakes == 0 && n.connections == 0 ? null : n;
        });
        return refused[0];
    }

    void handshakeEnded(InetAddress address) {
        byAddress.computeIfPresent(address, (a, c) -> {
            c.handshakes--;
            return c.handshakes == 0 && c.connections == 0 ? null : c;
        });
    }

    void connectionClosed(InetAddress address) {
        byAddress.computeIfPresent(address, (a, c) -> {
            c.connections--;
            return c.handshakes == 0 && c.connections == 0 ? null : c;
        });
    }

    /** Addresses with a handshake or connection counted (0 on a quiet server). */
    int addresses() {
        return byAddress.size();
    }
}
