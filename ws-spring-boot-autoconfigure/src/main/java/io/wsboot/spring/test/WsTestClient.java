package io.wsboot.spring.test;


import io.wsboot.Message;
import io.wsboot.client.ClientConfig;
import io.wsboot.client.ClientHandler;
import io.wsboot.client.WsClient;
import io.wsboot.client.WsHandshakeException;
import io.wsboot.frame.OpCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A WebSocket client for tests, pointed at the application's running WebSocket server (its
 * port is found when connecting, so {@code ws.port=0} works), built on this project's
 * {@link WsClient}. Blocking and simple: send, then wait for what comes back.
 *
 * <pre>{@code
 * try (WsTestClient.Session s = client.connect("/echo")) {
 *     s.send("hello");
 *     assertEquals("hello", s.receiveText());
 * }
 * }</pre>
 */
public class WsTestClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final IntSupplier port;
    private final ClientConfig config;
    private final Identities identities;
    /** The user given to {@link #as}, or null: the test thread's. */
    private final Principal user;

    /** How the server learns who a test connection is (the Spring Security integration's), or none. */
    interface Identities {
        Identities NONE = new Identities() {
            @Override
            public Principal current() {
                return null;
            }

            @Override
            public Principal user(String name, String... roles) {
                throw new IllegalStateException("connecting as a user needs Spring Security (ws.security) on the classpath");
            }

            @Override
            public Map<String, String> headersFor(Principal user) {
                throw new IllegalStateException("connecting as a user needs Spring Security (ws.security) on the classpath");
            }
        };

        /** The test thread's user (@WithMockUser), or null. */
        Principal current();

        Principal user(String name, String... roles);

        /** Headers that make the handshake authenticate as {@code user}. */
        Map<String, String> headersFor(Principal user);
    }

    public WsTestClient(IntSupplier port) {
        this(port, defaultConfig());
    }

    static ClientConfig defaultConfig() {
        return ClientConfig.builder().maxSize(64 * 1024 * 1024).bufferSize(64 * 1024).handlePong(true).build();
    }

    public WsTestClient(IntSupplier port, ClientConfig config) {
        this(port, config, Identities.NONE, null);
    }

    WsTestClient(IntSupplier port, ClientConfig config, Identities identities, Principal user) {
        this.port = port;
        this.config = config;
        this.identities = identities;
        this.user = user;
    }

    /**
     * A client whose connections authenticate as {@code user} (with Spring Security: an
     * {@code Authentication}, e.g. a {@code JwtAuthenticationToken} for code that reads claims).
     * Without it, a client connects as the test's security context says ({@code @WithMockUser}),
     * or anonymously.
     */
    public WsTestClient as(Principal user) {
        return new WsTestClient(port, config, identities, java.util.Objects.requireNonNull(user, "user"));
    }

    /** A client whose connections authenticate as {@code name} with these roles ("ADMIN" or "ROLE_ADMIN"). */
    public WsTestClient asUser(String name, String... roles) {
        return as(identities.user(name, roles));
    }

    /** The port of the server this client talks to. */
    public int port() {
        return port.getAsInt();
    }

    /** Opens a connection to {@code path} (with query); fails with {@link HandshakeRejectedException} on a non-101 answer. */
    public Session connect(String path) {
        return connect(path, Map.of());
    }

    /** Opens a connection sending extra request headers. */
    public Session connect(String path, Map<String, String> headers, String... subprotocols) {
        Principal as = user != null ? user : identities.current();
        if (as != null) {
            Map<String, String> all = new java.util.LinkedHashMap<>(headers);
            all.putAll(identities.headersFor(as));
            headers = all;
        }
        try {
            WsClient client = WsClient.connect("127.0.0.1", port(), config).handshake(path, TIMEOUT, headers, subprotocols);
            return new Session(client);
        } catch (WsHandshakeException e) {
            throw new HandshakeRejectedException(e.status(), e.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The handshake was answered with an HTTP status other than 101. */
    public static class HandshakeRejectedException extends RuntimeException {
        private final int status;

        public HandshakeRejectedException(int status, String body) {
            super("handshake rejected with HTTP " + status + (body == null || body.isBlank() ? "" : ": " + body.strip()));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** A message, pong or close received. */
    public record Received(Kind kind, byte[] data, int closeCode, String closeReason) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    public enum Kind { TEXT, BINARY, PONG, CLOSE }

    /** One connection, with its read loop running. */
    public static class Session implements AutoCloseable {
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        private final CountDownLatch ended = new CountDownLatch(1);
        private final WsClient client;

        Session(WsClient client) {
            this.client = client;
            client.readLoopInNewThread(new ClientHandler() {
                @Override
                public void handle(Message message) {
                    Kind kind = message.type() == OpCode.TEXT ? Kind.TEXT : message.type() == OpCode.BINARY ? Kind.BINARY : Kind.PONG;
                    received.add(new Received(kind, message.bytes(), 0, null));
                }

                @Override
                public void close() {
                    received.add(new Received(Kind.CLOSE, new byte[0], client.closeCode(), client.closeReason()));
                    ended.countDown();
                }
            });
        }

        /** Closes with 1000 and waits for the end of the connection. */
        @Override
        public void close() {
            client.close();
            awaitClose();
        }

        /** The underlying client. */
        public WsClient client() {
            return client;
        }

        public Session send(String message) {
            try {
                client.writeText(message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Session send(byte[] message) {
            try {
                client.writeBin(message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Session ping(byte[] payload) {
            try {
                client.writePing(payload);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** The next message, pong or close (waits up to 10 s). */
        public Received receive() {
            try {
                Received r = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (r == null) {
                    throw new AssertionError("nothing received within " + TIMEOUT.toSeconds() + " s");
                }
                return r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /** The next message, which must be text. */
        public String receiveText() {
            Received r = receive();
            if (r.kind() != Kind.TEXT) {
                throw new AssertionError("expected a text message but got " + describe(r));
            }
            return r.text();
        }

        /** The next message, which must be binary. */
        public byte[] receiveBinary() {
            Received r = receive();
            if (r.kind() != Kind.BINARY) {
                throw new AssertionError("expected a binary message but got " + describe(r));
            }
            return r.data();
        }

        /** Waits until the connection ended (server close, or ours answered) and tells how. */
        public Received awaitClose() {
            try {
                if (!ended.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("the connection did not end within " + TIMEOUT.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            return new Received(Kind.CLOSE, new byte[0], client.closeCode(), client.closeReason());
        }

        /** Starts the close handshake with {@code code}. */
        public void close(int code, String reason) {
            client.close(code, reason);
        }

        public boolean isOpen() {
            return client.isOpen();
        }

        private static String describe(Received r) {
            return r.kind() == Kind.CLOSE ? "close " + r.closeCode() + " " + r.closeReason() : r.kind().toString();
        }
    }
}
