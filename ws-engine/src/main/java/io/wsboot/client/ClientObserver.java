package io.wsboot.client;

import io.wsboot.frame.OpCode;

/**
 * Sees what clients do, for metrics (the Spring starter feeds Micrometer with it). Resolved once
 * per connection ({@link #connection}), then called directly: no lookup per message. Calls come
 * from the read loop and from writing threads; implementations must be thread-safe and cheap.
 */
public interface ClientObserver {
    ClientObserver NOOP = new ClientObserver() {
    };

    /**
     * A connection to {@code target} ({@code host:port}) is being opened; the returned observer
     * sees its life.
     */
    default ConnectionObserver connection(String target) {
        return ConnectionObserver.NOOP;
    }

    /** The life of one client connection. */
    interface ConnectionObserver {
        ConnectionObserver NOOP = new ConnectionObserver() {
        };

        /** The server accepted the handshake, {@code nanos} after it was sent. */
        default void opened(long nanos) {
        }

        /** The handshake failed: {@code status} of the answer, or 0 without one (timeout, bad answer). */
        default void handshakeFailed(int status) {
        }

        /** The connection ended with {@code code} (1006 without a close frame); only after {@link #opened}. */
        default void closed(int code) {
        }

        default void received(OpCode type, int bytes) {
        }

        default void sent(OpCode type, int bytes) {
        }
    }
}
